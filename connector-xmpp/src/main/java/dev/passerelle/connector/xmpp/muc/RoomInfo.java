package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Role;
import java.util.List;
import java.util.Optional;

/**
 * A portal room as {@link RoomDirectory} describes it: its display name, topic and current remote members.
 *
 * @param name the room's display name (disco identity name)
 * @param subject the topic, if the remote room has one
 * @param members the remote members, in the order their occupants should be listed
 */
public record RoomInfo(String name, Optional<String> subject, List<Member> members) {

    public RoomInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("room name must not be blank");
        }
        if (subject == null) {
            throw new IllegalArgumentException("subject must not be null (use Optional.empty())");
        }
        members = List.copyOf(members);
    }

    /**
     * One member of the remote room.
     *
     * @param user its address on its own network
     * @param displayName its display name, from which its occupant nick is made
     * @param role its standing in the remote room
     */
    public record Member(Address user, String displayName, Role role) {

        public Member {
            if (user == null || displayName == null || role == null) {
                throw new IllegalArgumentException("member user, displayName and role must not be null");
            }
        }
    }
}
