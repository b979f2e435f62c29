package dev.passerelle.core.event;

/**
 * An id a network gave to a message or event (a Matrix event id, an XMPP stanza-id or origin-id, a MIMI
 * message id in hex). Opaque, and unique within its network: the message map refuses a second event
 * with the same (network, native id). A connector whose network only makes ids unique per conversation
 * (XMPP stanza ids, say) qualifies them with the conversation before building a NativeId.
 */
public record NativeId(String value) {

    public NativeId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("native id must not be empty");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
