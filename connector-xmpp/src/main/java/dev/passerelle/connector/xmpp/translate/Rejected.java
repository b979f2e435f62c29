package dev.passerelle.connector.xmpp.translate;

/** Thrown inside translation when a stanza cannot be forwarded; caught at the public entry points only. */
final class Rejected extends RuntimeException {
    private final InboundResult.Reason reason;

    Rejected(InboundResult.Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    InboundResult.Ignored toIgnored() {
        return new InboundResult.Ignored(reason, getMessage());
    }
}
