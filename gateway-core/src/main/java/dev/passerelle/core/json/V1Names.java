package dev.passerelle.core.json;

import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.Role;
import java.util.List;
import java.util.Map;

/** The names format version 1 uses for event types and enum values. Changing any of them needs a version 2. */
final class V1Names {
    static final int VERSION = 1;

    static final String MESSAGE_SENT = "message.sent";
    static final String MESSAGE_EDITED = "message.edited";
    static final String MESSAGE_RETRACTED = "message.retracted";
    static final String REACTION_ADDED = "reaction.added";
    static final String REACTION_REMOVED = "reaction.removed";
    static final String CHAT_STATE = "chat.state";
    static final String READ_MARKER = "read.marker";
    static final String PRESENCE = "presence";
    static final String MEMBERSHIP = "membership";
    static final String ROLE = "role";
    static final String PROFILE = "profile";
    static final String ROOM_METADATA = "room.metadata";

    static final List<String> TYPES = List.of(MESSAGE_SENT, MESSAGE_EDITED, MESSAGE_RETRACTED, REACTION_ADDED,
            REACTION_REMOVED, CHAT_STATE, READ_MARKER, PRESENCE, MEMBERSHIP, ROLE, PROFILE,
            ROOM_METADATA);

    static final WireEnum<ChatStateChanged.State> CHAT_STATES = new WireEnum<>(ChatStateChanged.State.class, Map.of(
            ChatStateChanged.State.ACTIVE, "active",
            ChatStateChanged.State.COMPOSING, "composing",
            ChatStateChanged.State.PAUSED, "paused",
            ChatStateChanged.State.INACTIVE, "inactive",
            ChatStateChanged.State.GONE, "gone"));

    static final WireEnum<PresenceChanged.Availability> AVAILABILITIES = new WireEnum<>(
            PresenceChanged.Availability.class, Map.of(
                    PresenceChanged.Availability.ONLINE, "online",
                    PresenceChanged.Availability.AWAY, "away",
                    PresenceChanged.Availability.EXTENDED_AWAY, "extended_away",
                    PresenceChanged.Availability.DO_NOT_DISTURB, "do_not_disturb",
                    PresenceChanged.Availability.OFFLINE, "offline"));

    static final WireEnum<MembershipChanged.Membership> MEMBERSHIPS = new WireEnum<>(
            MembershipChanged.Membership.class, Map.of(
                    MembershipChanged.Membership.JOIN, "join",
                    MembershipChanged.Membership.LEAVE, "leave",
                    MembershipChanged.Membership.INVITE, "invite",
                    MembershipChanged.Membership.KICK, "kick",
                    MembershipChanged.Membership.BAN, "ban"));

    static final WireEnum<Role> ROLES = new WireEnum<>(Role.class, Map.of(
            Role.OWNER, "owner",
            Role.ADMIN, "admin",
            Role.MODERATOR, "moderator",
            Role.MEMBER, "member",
            Role.VISITOR, "visitor"));

    private V1Names() {
    }
}
