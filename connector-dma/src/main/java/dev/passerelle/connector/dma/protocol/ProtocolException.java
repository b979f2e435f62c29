package dev.passerelle.connector.dma.protocol;

/** A MIMI protocol body that does not decode: carries the field path and the reason, so the endpoint can answer 400. */
public final class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String fieldPath;
    private final String reason;
    private final int offset;

    /** A refusal of {@code fieldPath} for {@code reason}, found at byte {@code offset} of the body. */
    public ProtocolException(String fieldPath, String reason, int offset, Throwable cause) {
        super(fieldPath + ": " + reason + " (at offset " + offset + ")", cause);
        this.fieldPath = fieldPath;
        this.reason = reason;
        this.offset = offset;
    }

    /** The dotted path of the refused field, starting with the structure's name. */
    public String fieldPath() {
        return fieldPath;
    }

    /** Why the field was refused. */
    public String reason() {
        return reason;
    }

    /** Byte offset in the body where the problem was found. */
    public int offset() {
        return offset;
    }

    /** The refusal as a value for the endpoint layer. */
    public ProtocolError error() {
        return new ProtocolError(fieldPath, reason);
    }
}
