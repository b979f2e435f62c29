package dev.passerelle.core.event;

import java.util.List;
import java.util.Locale;
import org.owasp.html.HtmlStreamEventReceiver;

/**
 * Drops {@code <mx-reply>} elements together with their content. Older Matrix clients quoted the replied-to
 * message inside one; the spec now says to strip it whole, and the gateway carries replies as
 * {@link MessageContent#replyTo()} instead. Runs before tag balancing, so it counts its own nesting.
 */
final class ReplyFallbackRemover implements HtmlStreamEventReceiver {
    private static final String REPLY = "mx-reply";

    private final HtmlStreamEventReceiver next;
    private int depth;

    ReplyFallbackRemover(HtmlStreamEventReceiver next) {
        this.next = next;
    }

    @Override
    public void openDocument() {
        next.openDocument();
    }

    @Override
    public void closeDocument() {
        next.closeDocument();
    }

    @Override
    public void openTag(String element, List<String> attributes) {
        if (isReply(element)) {
            depth++;
        } else if (depth == 0) {
            next.openTag(element, attributes);
        }
    }

    @Override
    public void closeTag(String element) {
        if (isReply(element)) {
            depth = Math.max(0, depth - 1);
        } else if (depth == 0) {
            next.closeTag(element);
        }
    }

    @Override
    public void text(String text) {
        if (depth == 0) {
            next.text(text);
        }
    }

    private static boolean isReply(String element) {
        return REPLY.equals(element.toLowerCase(Locale.ROOT));
    }
}
