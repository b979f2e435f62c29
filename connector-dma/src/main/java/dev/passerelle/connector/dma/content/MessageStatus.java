package dev.passerelle.connector.dma.content;

import java.util.Objects;

/**
 * The status of one message at the sender of a report (draft-mahy-mimi-message-status-01): the message's id and a
 * status number, one of the base values below or an unknown one up to 255 (kept, not refused, as the draft's
 * {@code unknownStatus} allows).
 */
public record MessageStatus(MessageId messageId, int status) {

    /** Not yet read by the sender of the report. */
    public static final int UNREAD = 0;
    /** A client of the sender of the report received the message. */
    public static final int DELIVERED = 1;
    /** The sender of the report read the message. */
    public static final int READ = 2;
    /** The message expired and can no longer be read. */
    public static final int EXPIRED = 3;
    /** The message was deleted. */
    public static final int DELETED = 4;
    /** The message was hidden (for example archived) by the local client. */
    public static final int HIDDEN = 5;
    /** The sender of the report knows the message id but could not receive the message. */
    public static final int ERROR = 6;
    /** Largest status value the format carries. */
    public static final int MAX_STATUS = 255;

    public MessageStatus {
        Objects.requireNonNull(messageId, "messageId");
        if (status < 0 || status > MAX_STATUS) {
            throw new IllegalArgumentException("a message status is within 0.." + MAX_STATUS + ", got " + status);
        }
    }
}
