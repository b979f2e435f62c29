package dev.passerelle.core.event;

import java.util.List;
import java.util.Optional;

/**
 * The body of a message: plain text always (the fallback every network can show), optional sanitised
 * HTML, attachments, and the event it replies to.
 */
public record MessageContent(String text, Optional<SafeHtml> html, List<Attachment> attachments, Optional<EventId> replyTo) {

    public MessageContent {
        if (text == null) {
            throw new IllegalArgumentException("message text must not be null (use \"\" for none)");
        }
        attachments = List.copyOf(attachments);
    }

    /** Plain text only. */
    public static MessageContent text(String text) {
        return new MessageContent(text, Optional.empty(), List.of(), Optional.empty());
    }
}
