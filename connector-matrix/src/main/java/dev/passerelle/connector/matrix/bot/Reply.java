package dev.passerelle.connector.matrix.bot;

import java.util.Objects;
import java.util.Optional;

/**
 * The bot's answer to a command; the connector sends it to the room as an {@code m.notice}, with {@code html}
 * as its {@code formatted_body} ({@code org.matrix.custom.html}) when present.
 */
public record Reply(String text, Optional<String> html) {

    public Reply {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a reply needs a text");
        }
        Objects.requireNonNull(html, "html");
    }

    /** A plain-text reply. */
    public static Reply plain(String text) {
        return new Reply(text, Optional.empty());
    }
}
