package dev.passerelle.core.event;

/**
 * An id a network gave to a message or event (a Matrix event id, an XMPP stanza-id or origin-id, a MIMI
 * message id in hex). Opaque; unique within its network (and, for XMPP, within its conversation).
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
