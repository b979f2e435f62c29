package dev.passerelle.connector.matrix.bot;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a command from the plain-text body of a Matrix message. In a DM with the bot every message is a
 * command; in a group room only a message that starts with {@value #PREFIX} or with a mention of the bot
 * ({@code @bot:server: status}, {@code bot: status}, {@code Display Name: status}) is. Pure and thread-safe.
 */
public final class CommandParser {
    /** The prefix that addresses the bot in a group room. */
    public static final String PREFIX = "!passerelle";

    /** A URI scheme at the start of the text: what {@link Addresses#parse(String)} should read. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private CommandParser() {
    }

    /** Parses {@code body} with the bot known only by its user id (no display name). */
    public static ParseResult parse(String body, boolean directChat, MatrixUserId botUser) {
        return parse(body, directChat, botUser, Optional.empty());
    }

    /**
     * Parses {@code body}, a message sent in a DM with the bot ({@code directChat}) or in a group room.
     * {@code displayName} is the bot's display name in that room, which clients write when they mention it.
     */
    public static ParseResult parse(String body, boolean directChat, MatrixUserId botUser,
            Optional<String> displayName) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(botUser, "botUser");
        Objects.requireNonNull(displayName, "displayName");
        String text = withoutReplyFallback(body).strip();
        Optional<String> addressed = addressedPart(text, botUser, displayName);
        if (addressed.isEmpty() && !directChat) {
            return new ParseResult.NotForBot();
        }
        return command(addressed.orElse(text));
    }

    /** The text after a prefix or mention that addresses the bot, if the message starts with one. */
    private static Optional<String> addressedPart(String text, MatrixUserId botUser, Optional<String> displayName) {
        Optional<String> afterPrefix = after(text, PREFIX, false);
        if (afterPrefix.isPresent()) {
            return afterPrefix;
        }
        // The full id cannot be mistaken for a word, so a space is enough after it; a bare name needs a
        // colon or comma, as clients write mentions, so that "passerelle is down" stays a plain message.
        Optional<String> afterId = after(text, botUser.toString(), true);
        if (afterId.isPresent()) {
            return afterId;
        }
        List<String> names = new ArrayList<>();
        names.add(botUser.localpart());
        displayName.map(String::strip).filter(n -> !n.isEmpty()).ifPresent(names::add);
        for (String name : names) {
            for (String separator : List.of(":", ",")) {
                Optional<String> rest = after(text, name + separator, true);
                if (rest.isPresent()) {
                    return rest;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The rest of {@code text} if it starts with {@code head} (ignoring case) followed by a blank or the end;
     * with {@code mention}, a colon or comma right after the head is also skipped.
     */
    private static Optional<String> after(String text, String head, boolean mention) {
        if (!text.regionMatches(true, 0, head, 0, head.length())) {
            return Optional.empty();
        }
        String rest = text.substring(head.length());
        if (mention && (rest.startsWith(":") || rest.startsWith(","))) {
            rest = rest.substring(1);
        }
        if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
            return Optional.empty();
        }
        return Optional.of(rest.strip());
    }

    /**
     * Drops the quoted lines older clients put before a reply ({@code > <@user:server> text}, then an empty
     * line), so that answering the bot's notice with a command works.
     */
    private static String withoutReplyFallback(String body) {
        if (!body.startsWith("> ")) {
            return body;
        }
        String[] lines = body.split("\n", -1);
        int i = 0;
        while (i < lines.length && lines[i].startsWith(">")) {
            i++;
        }
        if (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        return String.join("\n", List.of(lines).subList(i, lines.length));
    }

    private static ParseResult command(String text) {
        if (text.isEmpty()) {
            return new ParseResult.Parsed(new Command.Help());
        }
        String[] words = BLANKS.split(text);
        String name = words[0].toLowerCase(Locale.ROOT);
        int arguments = words.length - 1;
        switch (name) {
            case "help":
                // "help link" is a natural thing to type: the whole help is short enough to answer it.
                return new ParseResult.Parsed(new Command.Help());
            case "unlink":
                return noArgument(name, arguments, new Command.Unlink());
            case "status":
                return noArgument(name, arguments, new Command.Status());
            case "dm":
                return arguments != 1 ? usage(BotText.DM_USAGE) : dm(words[1]);
            case "link":
                return arguments != 1 ? usage(BotText.LINK_USAGE) : link(words[1]);
            default:
                return new ParseResult.Invalid("unknown command '" + words[0] + "'; try help");
        }
    }

    private static ParseResult noArgument(String name, int arguments, Command command) {
        return arguments == 0 ? new ParseResult.Parsed(command)
                : new ParseResult.Invalid("'" + name + "' takes no argument; try help");
    }

    private static ParseResult usage(String usage) {
        return new ParseResult.Invalid("usage: " + usage);
    }

    private static ParseResult dm(String text) {
        Address target;
        try {
            target = address(text);
        } catch (AddressException e) {
            return notAnAddress(text, e);
        }
        if (target.network() == Network.MATRIX) {
            return new ParseResult.Invalid("'" + text + "' is on Matrix already: invite "
                    + (target instanceof MatrixUserId ? "them" : "people to it") + " directly, without Passerelle");
        }
        if (target instanceof MimiRoomUri) {
            return new ParseResult.Invalid("'" + text + "' is a room, not a user: use link to bridge a room to it");
        }
        return new ParseResult.Parsed(new Command.Dm(target));
    }

    private static ParseResult link(String text) {
        Address remote;
        try {
            remote = address(text);
        } catch (AddressException e) {
            return notAnAddress(text, e);
        }
        if (remote.network() == Network.MATRIX) {
            return new ParseResult.Invalid("'" + text + "' is on Matrix already: link takes the address of an"
                    + " XMPP or MIMI room to bridge this room to");
        }
        if (remote instanceof MimiUserUri) {
            return new ParseResult.Invalid("'" + text + "' is a user, not a room: use dm to talk to a user");
        }
        if (remote instanceof Jid) {
            Jid jid = (Jid) remote;
            if (jid.localpart().isEmpty()) {
                return new ParseResult.Invalid("'" + text + "' is a server, not a room"
                        + " (a room looks like room@conference.example.org)");
            }
            if (jid.resourcepart().isPresent()) {
                return new ParseResult.Invalid("'" + text + "' names someone in a room: give the room alone, "
                        + jid.bare());
            }
        }
        return new ParseResult.Parsed(new Command.Link(remote));
    }

    /**
     * A URI ({@code xmpp:}, {@code matrix:}, {@code mimi://}) through the core's parser, a Matrix sigil form
     * ({@code @user:server}, {@code #alias:server}, {@code !room:server}) so that it can be refused by name,
     * and anything else as a plain JID, which is how people write XMPP addresses.
     */
    private static Address address(String text) {
        if (text.startsWith("@")) {
            return MatrixUserId.parse(text);
        }
        if (text.startsWith("#")) {
            return MatrixRoomAlias.parse(text);
        }
        if (text.startsWith("!")) {
            return MatrixRoomId.parse(text);
        }
        if (SCHEME.matcher(text).find()) {
            return Addresses.parse(text);
        }
        return Jid.parse(text);
    }

    private static ParseResult notAnAddress(String text, AddressException e) {
        return new ParseResult.Invalid("'" + text + "' is not an address: " + e.getMessage());
    }
}
