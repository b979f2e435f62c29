package dev.passerelle.core.json;

/**
 * A JSON document that is not a valid event: the message names where in the document ({@link #path()},
 * e.g. {@code $.content.attachments[0].mediaType}) and what is wrong there ({@link #reason()}).
 */
public final class EventJsonException extends IllegalArgumentException {
    private final String path;
    private final String reason;

    public EventJsonException(String path, String reason) {
        this(path, reason, null);
    }

    public EventJsonException(String path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** Where the problem is, as a JSON path from the document root {@code $}. */
    public String path() {
        return path;
    }

    /** What is wrong at {@link #path()}. */
    public String reason() {
        return reason;
    }
}
