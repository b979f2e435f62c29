package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;
import java.util.Optional;

/** Someone joined, left, was invited, kicked or banned; {@code member} is whom it is about. */
public record MembershipChanged(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        Address member, Membership membership, Optional<String> reason) implements Event {

    /** Membership states shared by MUC affiliations/roles, Matrix membership and MIMI participant lists. */
    public enum Membership { JOIN, LEAVE, INVITE, KICK, BAN }

    public MembershipChanged {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(member, "member");
        Events.require(membership, "membership");
        Events.require(reason, "reason");
    }
}
