package dev.passerelle.connector.matrix.bot;

import java.util.Objects;

/** What {@link CommandParser} made of a message: a command, a message not meant for the bot, or a mistake. */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.NotForBot, ParseResult.Invalid {

    /** The message is this command. */
    record Parsed(Command command) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(command, "command");
        }
    }

    /** A message in a group room that does not address the bot: it gets no answer. */
    record NotForBot() implements ParseResult {
    }

    /** The message addresses the bot but is not a valid command; {@code message} tells the user why. */
    record Invalid(String message) implements ParseResult {
        public Invalid {
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("an invalid command needs a message for the user");
            }
        }
    }
}
