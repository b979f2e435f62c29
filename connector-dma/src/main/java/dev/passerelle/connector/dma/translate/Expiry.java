package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.Expiration;
import dev.passerelle.core.event.HtmlSanitizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The policy for MIMI expiring messages, which canonical events cannot carry: the gateway cannot delete a message
 * on the networks it relays to, so an expiring message is relayed with a visible note saying when its sender wanted
 * it gone (the reader knows the wish and that it will not be honoured there), and a message whose absolute expiry
 * has already passed when it arrives is not relayed at all.
 */
final class Expiry {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Expiry() {
    }

    /** Why a message expiring as {@code e} is not relayed when it arrives at {@code arrived}, if it is not. */
    static Optional<String> refusal(Expiration e, Instant arrived) {
        if (!e.relative() && !Instant.ofEpochSecond(e.time()).isAfter(arrived)) {
            return Optional.of("the message expired at " + UTC.format(Instant.ofEpochSecond(e.time()))
                    + ", before it arrived");
        }
        return Optional.empty();
    }

    /** The note appended to the text of a message expiring as {@code e}. */
    static String note(Expiration e) {
        String when = e.relative() ? e.time() + " seconds after it is read"
                : "at " + UTC.format(Instant.ofEpochSecond(e.time()));
        return "(expiring message: the sender asked for it to disappear " + when + "; it will not disappear here)";
    }

    /** {@code body} with the note as a last line of its text and, if it has HTML, of its HTML. */
    static BodyReader.Body withNote(BodyReader.Body body, Expiration e) {
        String note = note(e);
        String text = body.text().isEmpty() ? note : body.text() + "\n" + note;
        return new BodyReader.Body(text, body.html().map(h -> HtmlSanitizer.sanitize(h.html() + "<br><em>"
                + note.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</em>")),
                body.attachments(), body.encrypted());
    }
}
