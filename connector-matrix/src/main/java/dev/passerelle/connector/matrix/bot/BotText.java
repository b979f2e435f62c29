package dev.passerelle.connector.matrix.bot;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.HtmlSanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The words of the bot: the help text and the replies that carry more than one line. Kept together so that
 * the user documentation (docs/connectors/matrix.md) can be checked against them.
 */
final class BotText {
    static final String DM_USAGE = "dm <address>";
    static final String LINK_USAGE = "link <room address>";

    /** One line per command: its usage and what it does; the help text lists them in this order. */
    static final List<String> COMMANDS = List.of(
            "help: lists these commands",
            DM_USAGE + ": opens a DM with an XMPP or MIMI user, e.g. dm alice@example.org",
            LINK_USAGE + ": bridges this room to an XMPP or MIMI room, e.g. link room@conference.example.org"
                    + " (room admins)",
            "unlink: stops bridging this room (room admins)",
            "status: shows the bridge's health and what this room is bridged to");

    static final String HELP_INTRO = "Passerelle bridges Matrix to XMPP and MIMI. In a group room, start a command"
            + " with " + CommandParser.PREFIX + " or mention me.";

    private BotText() {
    }

    static Reply help() {
        String text = HELP_INTRO + "\n" + COMMANDS.stream().map(c -> "- " + c).collect(Collectors.joining("\n"));
        String html = "<p>" + escape(HELP_INTRO) + "</p><ul>"
                + COMMANDS.stream().map(BotText::commandItem).collect(Collectors.joining())
                + "</ul>";
        return new Reply(text, Optional.of(html));
    }

    /** {@code <li><code>usage</code>: description</li>}: the usage is what the user types. */
    private static String commandItem(String line) {
        int colon = line.indexOf(": ");
        return "<li><code>" + escape(line.substring(0, colon)) + "</code>" + escape(line.substring(colon)) + "</li>";
    }

    static Reply status(StatusReport report) {
        StringBuilder text = new StringBuilder("Passerelle status");
        report.health().forEach(line -> text.append("\n- ").append(line));
        text.append('\n').append(linkLine(report));
        if (report.pendingDeliveries().isPresent() || report.deadLetters().isPresent()) {
            text.append('\n').append(countsLine(report));
        }
        return Reply.plain(text.toString());
    }

    private static String linkLine(StatusReport report) {
        if (report.link().isEmpty()) {
            return "This room is not bridged.";
        }
        String line = "This room is bridged to " + report.link().get().toUri() + ".";
        if (!report.otherRooms().isEmpty()) {
            line += " Also bridged with it: " + report.otherRooms().stream().map(Address::toUri)
                    .collect(Collectors.joining(", ")) + ".";
        }
        return line;
    }

    private static String countsLine(StatusReport report) {
        List<String> parts = new ArrayList<>();
        report.pendingDeliveries().ifPresent(n -> parts.add("deliveries waiting: " + n));
        report.deadLetters().ifPresent(n -> parts.add("dead letters: " + n));
        String line = String.join("; ", parts) + ".";
        return Character.toUpperCase(line.charAt(0)) + line.substring(1);
    }

    static String escape(String text) {
        return HtmlSanitizer.escapeText(text);
    }
}
