package dev.passerelle.connector.dma.content;

/** MIMI content that cannot be decoded: names the field path (e.g. {@code nestedPart.parts[1].url}) and why. */
public final class ContentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    /** A failure at field {@code path} for {@code reason}. */
    public ContentException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The field path where the problem was found ({@code $} for the whole message). */
    public String path() {
        return path;
    }

    /** Why the input was refused, without the path. */
    public String reason() {
        return reason;
    }
}
