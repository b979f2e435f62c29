package dev.passerelle.core.event;

/** Reduces untrusted HTML to the subset Matrix clients accept. STUB: the model work completes it. */
public final class HtmlSanitizer {
    private HtmlSanitizer() {
    }

    /** Sanitises untrusted HTML; the result is safe to show and to forward to any network. */
    public static SafeHtml sanitize(String untrusted) {
        throw new UnsupportedOperationException("not yet");
    }
}
