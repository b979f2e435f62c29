package dev.passerelle.connector.matrix.bot;

import dev.passerelle.core.address.Address;
import java.util.Objects;

/** A command a Matrix user gives the bridge bot; {@link CommandParser} makes them from message bodies. */
public sealed interface Command permits Command.Help, Command.Dm, Command.Link, Command.Unlink, Command.Status {

    /** Lists the commands. */
    record Help() implements Command {
    }

    /** Opens a DM between the requester and a user of another network (an XMPP JID or a MIMI user). */
    record Dm(Address target) implements Command {
        public Dm {
            Objects.requireNonNull(target, "target");
        }
    }

    /** Bridges the room the command was given in to a room of another network (a MUC JID or a MIMI room). */
    record Link(Address remoteRoom) implements Command {
        public Link {
            Objects.requireNonNull(remoteRoom, "remoteRoom");
        }
    }

    /** Stops bridging the room the command was given in. */
    record Unlink() implements Command {
    }

    /** Reports the bridge's health and the link of the room the command was given in. */
    record Status() implements Command {
    }
}
