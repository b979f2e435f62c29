package dev.passerelle.connector.matrix.translate;

import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MembershipChanged.Membership;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the state events the gateway bridges: membership and profile, power levels (as roles), room name, topic
 * and avatar.
 */
final class StateReader {
    /** Suffix of the native id of the ProfileChanged that a join carrying a profile also produces. */
    static final String PROFILE_SUFFIX = "#profile";
    /** Suffix, followed by the member's user id, of each RoleChanged a power-levels event produces. */
    static final String ROLE_SUFFIX = "#role/";

    private StateReader() {
    }

    static InboundResult read(Fields event, String type, Supplier<EventId> ids) {
        switch (type) {
            case "m.room.member":
                return member(event, ids);
            case "m.room.name":
            case "m.room.topic":
            case "m.room.avatar":
                return metadata(event, type, ids);
            case "m.room.power_levels":
                return powerLevels(event, ids);
            default:
                return new InboundResult.Ignored(InboundResult.Reason.UNSUPPORTED_TYPE, "type",
                        "state " + type + " is not bridged");
        }
    }

    private static InboundResult member(Fields event, Supplier<EventId> ids) {
        Header h = Header.read(event, ids.get());
        MatrixUserId member = Header.user(event.string("state_key"), "state_key");
        Fields content = event.object("content");
        String membership = content.string("membership");
        Optional<String> reason = content.optionalString("reason");
        Optional<Fields> prev = event.optionalObject("unsigned").flatMap(u -> u.optionalObject("prev_content"));
        // The spec: without prev_content the previous membership is to be taken as leave.
        String before = prev.isPresent() ? prev.get().optionalString("membership").orElse("leave") : "leave";
        Optional<String> name = content.optionalString("displayname");
        Optional<URI> avatar = content.optionalString("avatar_url").filter(s -> !s.isEmpty())
                .map(s -> MessageReader.mxc(s, content.path("avatar_url")));
        if (membership.equals("join") && before.equals("join")) {
            return profileChange(h, member, name, avatar, prev.get());
        }
        if (membership.equals(before) && !membership.equals("join")) {
            return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "content.membership",
                    "no change (" + membership + " to " + membership + ")");
        }
        Membership m;
        switch (membership) {
            case "join":
                m = Membership.JOIN;
                break;
            case "invite":
                m = Membership.INVITE;
                break;
            case "ban":
                m = Membership.BAN;
                break;
            case "leave":
                // Leaving on one's own, or an unban, is a LEAVE; anyone else removing a member is a kick.
                m = before.equals("ban") || member.equals(h.sender()) ? Membership.LEAVE : Membership.KICK;
                break;
            case "knock":
                return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "content.membership",
                        "knocks are not bridged");
            default:
                throw new Malformed("content.membership", "unknown membership " + membership);
        }
        List<Event> out = new ArrayList<>(2);
        out.add(new MembershipChanged(h.id(), h.origin(), h.sender(), h.room(), h.timestamp(), member, m, reason));
        if (m == Membership.JOIN && (name.isPresent() || avatar.isPresent())) {
            // A join carries the joiner's profile; forwarding it lets other networks name the ghost right away.
            Header p = h.derived(ids.get(), PROFILE_SUFFIX);
            out.add(new ProfileChanged(p.id(), p.origin(), member, p.room(), p.timestamp(), name, avatar));
        }
        return new InboundResult.Translated(out);
    }

    private static InboundResult profileChange(Header h, MatrixUserId member, Optional<String> name,
            Optional<URI> avatar, Fields prev) {
        Optional<String> nameBefore = prev.optionalString("displayname");
        Optional<String> avatarBefore = prev.optionalString("avatar_url");
        // ProfileChanged reads an empty field as "unchanged": a removed display name travels as "".
        Optional<String> newName = name.equals(nameBefore) ? Optional.empty() : Optional.of(name.orElse(""));
        Optional<URI> newAvatar = avatar.map(URI::toString).equals(avatarBefore) ? Optional.empty() : avatar;
        if (newName.isEmpty() && newAvatar.isEmpty()) {
            return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "content",
                    "no membership change and no profile change the gateway can express");
        }
        return InboundResult.Translated.of(new ProfileChanged(h.id(), h.origin(), member, h.room(), h.timestamp(),
                newName, newAvatar));
    }

    /**
     * One RoleChanged per user whose role differs between {@code unsigned.prev_content} and {@code content}, in
     * user id order. Only users listed in {@code users} before or after are compared: a change of
     * {@code users_default} alone changes the role of everyone not listed, which is a room-wide default rather
     * than a member's role, and produces nothing. Without {@code prev_content} (the room's first power levels, or a
     * server that left it out) there is nothing to compare with, so nothing is emitted. The room's creators are
     * not known to a single event: they are read as users without a level, which is harmless because room v12
     * forbids listing them, so a creator never appears in the comparison.
     */
    private static InboundResult powerLevels(Fields event, Supplier<EventId> ids) {
        Header h = Header.read(event, ids.get());
        if (!event.string("state_key").isEmpty()) {
            return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "state_key",
                    "m.room.power_levels with a non-empty state key is not the room's power levels");
        }
        Fields content = event.object("content");
        Optional<Fields> prev = event.optionalObject("unsigned").flatMap(u -> u.optionalObject("prev_content"));
        if (prev.isEmpty()) {
            return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "unsigned.prev_content",
                    "no previous power levels to compare with");
        }
        PowerLevels after = PowerLevels.of(content.node(), Set.of());
        PowerLevels before = PowerLevels.of(prev.get().node(), Set.of());
        Set<MatrixUserId> users = new TreeSet<>(Comparator.comparing(MatrixUserId::toString));
        users.addAll(before.listedUsers());
        users.addAll(after.listedUsers());
        List<Event> out = new ArrayList<>();
        for (MatrixUserId user : users) {
            Role role = after.roleOf(user);
            if (role != before.roleOf(user)) {
                Header r = h.derived(ids.get(), ROLE_SUFFIX + user);
                out.add(new RoleChanged(r.id(), r.origin(), r.sender(), r.room(), r.timestamp(), user, role));
            }
        }
        if (out.isEmpty()) {
            return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "content.users",
                    "no member's role changed");
        }
        return new InboundResult.Translated(out);
    }

    private static InboundResult metadata(Fields event, String type, Supplier<EventId> ids) {
        Header h = Header.read(event, ids.get());
        if (!event.string("state_key").isEmpty()) {
            return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "state_key",
                    type + " with a non-empty state key is not room metadata");
        }
        Fields content = event.object("content");
        Optional<String> name = Optional.empty();
        Optional<String> topic = Optional.empty();
        Optional<URI> avatar = Optional.empty();
        switch (type) {
            case "m.room.name":
                // An absent or empty name removes it; RoomMetadataChanged reads "" as "cleared".
                name = Optional.of(content.optionalString("name").orElse(""));
                break;
            case "m.room.topic":
                topic = Optional.of(content.optionalString("topic").orElse(""));
                break;
            default:
                Optional<String> url = content.optionalString("url").filter(s -> !s.isEmpty());
                if (url.isEmpty()) {
                    return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "content.url",
                            "removing a room avatar cannot be expressed canonically");
                }
                avatar = Optional.of(MessageReader.mxc(url.get(), content.path("url")));
                break;
        }
        return InboundResult.Translated.of(new RoomMetadataChanged(h.id(), h.origin(), h.sender(), h.room(),
                h.timestamp(), name, topic, avatar));
    }
}
