package dev.passerelle.connector.matrix.translate;

/**
 * A field of an incoming event is missing or of the wrong shape. Thrown only inside this package and turned
 * into {@link InboundResult.Ignored} at the entry points, so deep readers can stop at the first fault.
 */
final class Malformed extends RuntimeException {
    private final InboundResult.Reason reason;
    private final String path;

    Malformed(String path, String detail) {
        this(InboundResult.Reason.MALFORMED, path, detail);
    }

    Malformed(InboundResult.Reason reason, String path, String detail) {
        super(path + ": " + detail, null, false, false);
        this.reason = reason;
        this.path = path;
    }

    InboundResult.Ignored toIgnored() {
        return new InboundResult.Ignored(reason, path, getMessage().substring(path.length() + 2));
    }
}
