package dev.passerelle.core.event;

import java.util.List;
import java.util.Set;
import org.owasp.html.HtmlStreamEventReceiver;

/**
 * Enforces the spec's "Tags must not be nested more than 100 levels deep": an element that would sit deeper
 * is dropped with everything inside it (the plain-text body still carries the words). Dropping whole
 * subtrees, rather than unwrapping them, leaves every kept element with the same parent and a subset of its
 * children, so sanitising the result again changes nothing. Runs on the policy's balanced output, so every
 * dropped opening tag has a closing tag to drop.
 */
final class NestingLimiter implements HtmlStreamEventReceiver {
    /** Allowed elements that never have content and so never get a closing tag. */
    private static final Set<String> VOID_ELEMENTS = Set.of("br", "hr", "img");

    private final HtmlStreamEventReceiver next;
    private int depth;
    /** How many elements deep we are inside a dropped subtree; zero when not dropping. */
    private int dropping;

    NestingLimiter(HtmlStreamEventReceiver next) {
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
        boolean isVoid = VOID_ELEMENTS.contains(element);
        if (dropping > 0 || depth >= HtmlSanitizer.MAX_DEPTH) {
            if (!isVoid) {
                dropping++;
            }
        } else {
            if (!isVoid) {
                depth++;
            }
            next.openTag(element, attributes);
        }
    }

    @Override
    public void closeTag(String element) {
        if (VOID_ELEMENTS.contains(element)) {
            // Void elements are never closed by the balancer's output; nothing to match.
            return;
        }
        if (dropping > 0) {
            dropping--;
        } else {
            depth--;
            next.closeTag(element);
        }
    }

    @Override
    public void text(String text) {
        if (dropping == 0) {
            next.text(text);
        }
    }
}
