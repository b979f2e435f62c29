package dev.passerelle.core.event;

import org.owasp.html.Handler;
import org.owasp.html.HtmlStreamEventReceiver;
import org.owasp.html.HtmlStreamRenderer;
import org.owasp.html.PolicyFactory;

/**
 * Reduces untrusted HTML to the subset the Matrix client-server spec suggests clients accept for
 * {@code org.matrix.custom.html}; the result is safe to render and to forward to any network.
 *
 * <p>Sanitising is idempotent: feeding the output back in gives the same output, so HTML can be
 * re-sanitised wherever it is read back (from a journal, from another gateway) without drifting.
 */
public final class HtmlSanitizer {
    /** The spec's limit: "Tags must not be nested more than 100 levels deep". */
    static final int MAX_DEPTH = 100;

    /**
     * OWASP's tag balancer is not quite its own fixed point: the parents it implies are not checked against
     * their surroundings ({@code <p><li>} becomes {@code <p><ul><li></li></ul></p>}, and a second run closes the
     * {@code <p>} before the {@code <ul>}). Running again until the output stops changing restores
     * idempotence; in practice one extra run confirms it, and malformed input needs one or two more.
     */
    private static final int MAX_PASSES = 5;

    // PolicyFactory is immutable and thread-safe; one instance serves every caller.
    private static final PolicyFactory POLICY = MatrixHtmlPolicy.build();

    private HtmlSanitizer() {
    }

    /** Sanitises untrusted HTML; the result is safe to show and to forward to any network. */
    public static SafeHtml sanitize(String untrusted) {
        if (untrusted == null) {
            throw new IllegalArgumentException("html to sanitise must not be null");
        }
        String html = pass(untrusted);
        for (int i = 1; i < MAX_PASSES; i++) {
            String again = pass(html);
            if (again.equals(html)) {
                break;
            }
            html = again;
        }
        return new SafeHtml(html);
    }

    /** Plain text made safe to place in HTML as text: {@code & < > "} escaped, as the sanitiser writes them. */
    public static String escapeText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            appendEscaped(out, text.charAt(i));
        }
        return out.toString();
    }

    /** Appends one character of plain text, escaped as {@link #escapeText} does. */
    public static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '&':
                out.append("&amp;");
                break;
            case '<':
                out.append("&lt;");
                break;
            case '>':
                out.append("&gt;");
                break;
            case '"':
                out.append("&#34;");
                break;
            default:
                out.append(c);
        }
    }

    private static String pass(String html) {
        StringBuilder out = new StringBuilder(html.length() + 16);
        // Malformed markup is expected here and is simply dropped, so the renderer's complaints are not errors.
        HtmlStreamRenderer renderer = HtmlStreamRenderer.create(out, Handler.DO_NOTHING);
        org.owasp.html.HtmlSanitizer.sanitize(html, POLICY.apply(new NestingLimiter(renderer)),
                HtmlSanitizer::filterBeforeBalancing);
        return out.toString();
    }

    /**
     * OWASP balances tags before its policy drops any, so an element it later removes can still shape the
     * structure (an {@code <li>} inside a dropped {@code <select>} loses the {@code <ul>} a later run would add).
     * Applying the policy before the balancer as well as after it hands the balancer only markup that will
     * survive, which keeps the number of passes down.
     */
    private static HtmlStreamEventReceiver filterBeforeBalancing(HtmlStreamEventReceiver owaspBalancer) {
        return new ReplyFallbackRemover(POLICY.apply(owaspBalancer));
    }
}
