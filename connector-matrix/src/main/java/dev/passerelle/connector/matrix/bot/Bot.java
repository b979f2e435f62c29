package dev.passerelle.connector.matrix.bot;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The bridge bot: answers one message at a time with at most one {@link Reply}. It parses the command, checks
 * who may run it and what the room allows, and runs it through {@link BotActions}. Every command gets an
 * answer, a failure included; only group-room messages that do not address the bot get none.
 *
 * <p>A room admin is a member whose power level is at least {@value #ADMIN_POWER}, or a creator of a room of
 * version 12 or later. The bot asks for the same level for itself, because mapping the other networks' roles
 * to power levels means sending {@code m.room.power_levels}, which rooms keep for admins by default.
 */
public final class Bot {
    /** The power level that makes a member a room admin, and the level the bot asks for. */
    public static final int ADMIN_POWER = 100;

    private final BotActions actions;
    private final MatrixUserId botUser;
    private final Optional<String> displayName;

    public Bot(BotActions actions, MatrixUserId botUser) {
        this(actions, botUser, Optional.empty());
    }

    /** A bot that also answers mentions of its display name ({@code Passerelle: status}). */
    public Bot(BotActions actions, MatrixUserId botUser, Optional<String> displayName) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.botUser = Objects.requireNonNull(botUser, "botUser");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
    }

    /**
     * Answers the message {@code body} that {@code sender} sent to {@code room}, a DM with the bot when
     * {@code directChat}. Empty when the message is not for the bot; the future never fails for a failed
     * action, which becomes a reply giving the reason. Call it on the event loop; it does not block.
     */
    public Future<Optional<Reply>> handle(MatrixUserId sender, MatrixRoomId room, String body, boolean directChat) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(room, "room");
        ParseResult parsed = CommandParser.parse(body, directChat, botUser, displayName);
        if (parsed instanceof ParseResult.NotForBot) {
            return Future.succeededFuture(Optional.empty());
        }
        if (parsed instanceof ParseResult.Invalid) {
            return answer(Reply.plain(((ParseResult.Invalid) parsed).message()));
        }
        Command command = ((ParseResult.Parsed) parsed).command();
        return run(command, sender, room)
                .recover(failure -> Future.succeededFuture(Reply.plain(failed(command, failure))))
                .map(Optional::of);
    }

    private Future<Reply> run(Command command, MatrixUserId sender, MatrixRoomId room) {
        if (command instanceof Command.Help) {
            return Future.succeededFuture(BotText.help());
        }
        if (command instanceof Command.Dm) {
            Address target = ((Command.Dm) command).target();
            return actions.openDm(sender, target).map(dmRoom -> Reply.plain("I opened a DM with " + target.toUri()
                    + " (room " + dmRoom + "): accept the invitation to start talking."));
        }
        if (command instanceof Command.Link) {
            return link(sender, room, ((Command.Link) command).remoteRoom());
        }
        if (command instanceof Command.Unlink) {
            return asAdmin(sender, room, "unlink", () -> actions.unlink(sender, room)
                    .map(done -> Reply.plain(done ? "This room is no longer bridged."
                            : "This room is not bridged, so there is nothing to unlink.")));
        }
        return actions.status(room).map(BotText::status);
    }

    /** Admin first (the others need not learn the room's state), then encryption, then the bot's own powers. */
    private Future<Reply> link(MatrixUserId sender, MatrixRoomId room, Address remote) {
        return asAdmin(sender, room, "link", () -> actions.encrypted(room).compose(encrypted -> {
            if (encrypted) {
                return Future.succeededFuture(Reply.plain(
                        "This room is encrypted; Passerelle cannot read it yet, so it will not bridge it."));
            }
            return actions.missingBotPowers(room).compose(missing -> {
                if (!missing.isEmpty()) {
                    return Future.succeededFuture(Reply.plain(missingPowers(missing)));
                }
                return actions.link(sender, room, remote).map(Bot::linked);
            });
        }));
    }

    private Future<Reply> asAdmin(MatrixUserId sender, MatrixRoomId room, String verb,
            Supplier<Future<Reply>> then) {
        return actions.powerOf(room, sender).compose(power -> {
            if (power >= ADMIN_POWER) {
                return then.get();
            }
            return Future.succeededFuture(Reply.plain("Only room admins can " + verb + " this room (your power level: "
                    + power + ", needed: " + ADMIN_POWER + ")."));
        });
    }

    static String missingPowers(Set<String> missing) {
        return "I need: " + String.join(", ", new TreeSet<>(missing)) + "; ask an admin to raise my power level to "
                + ADMIN_POWER + ", then try again.";
    }

    private static Reply linked(LinkOutcome outcome) {
        String remote = outcome.remote().toUri();
        switch (outcome.state()) {
            case LINKED:
                return Reply.plain("This room is now bridged to " + remote + ".");
            case ALREADY_LINKED:
                return Reply.plain("This room was already bridged to " + remote + ".");
            default:
                return Reply.plain("Bridging this room to " + remote + ": " + outcome.detail().orElseThrow() + ".");
        }
    }

    /** A short reason, never silence: the connector's message for a gateway failure, a hint for the rest. */
    private static String failed(Command command, Throwable failure) {
        String what = "Could not " + describe(command) + ": ";
        if (!(failure instanceof GatewayException)) {
            return what + "an unexpected error (" + failure.getClass().getSimpleName()
                    + "); the gateway's operator can find it in the log.";
        }
        GatewayException e = (GatewayException) failure;
        String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.reason().name().toLowerCase(Locale.ROOT)
                : e.getMessage();
        return what + reason + (e.isRetryable() ? "; try again later." : ".");
    }

    private static String describe(Command command) {
        if (command instanceof Command.Dm) {
            return "open a DM with " + ((Command.Dm) command).target().toUri();
        }
        if (command instanceof Command.Link) {
            return "bridge this room to " + ((Command.Link) command).remoteRoom().toUri();
        }
        if (command instanceof Command.Unlink) {
            return "unlink this room";
        }
        return "get the status";
    }

    private static Future<Optional<Reply>> answer(Reply reply) {
        return Future.succeededFuture(Optional.of(reply));
    }
}
