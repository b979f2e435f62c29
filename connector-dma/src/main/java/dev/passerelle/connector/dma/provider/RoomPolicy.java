package dev.passerelle.connector.dma.provider;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The part of a room's policy (draft-ietf-mimi-room-policy-03) the hub enforces: the fixed-membership flag of the
 * base policy (section 5) and the roles with their capabilities (sections 3 and 8). Role constraints on participant
 * counts, authorized role transitions and preauthorization are not enforced yet.
 */
public record RoomPolicy(boolean fixedMembership, Map<Long, Role> roles) {

    /** canAddParticipant: add another user to the participant list. */
    public static final int CAN_ADD_PARTICIPANT = 0x0000;
    /** canRemoveParticipant: remove another user from the participant list. */
    public static final int CAN_REMOVE_PARTICIPANT = 0x0001;
    /** canChangeUserRole: change another participant's role. */
    public static final int CAN_CHANGE_USER_ROLE = 0x000f;
    /** canSendMessage: send application messages. */
    public static final int CAN_SEND_MESSAGE = 0x0100;
    /** canReceiveMessage: receive application messages. */
    public static final int CAN_RECEIVE_MESSAGE = 0x0101;

    /** The banned role's fixed index (room policy section 8.1.3). */
    public static final long BANNED = 1;
    /** The participant role of the presets. */
    public static final long MEMBER = 2;
    /** The administrator role of the group preset. */
    public static final long ADMIN = 3;

    /** A role: its index, name and capabilities (uint16 values of the MIMI Role Capabilities registry). */
    public record Role(long index, String name, Set<Integer> capabilities) {

        /** Checks the index is a non-zero uint32 and the capabilities are uint16s. */
        public Role {
            if (index <= 0 || index > 0xffff_ffffL) {
                throw new IllegalArgumentException("role index must be a non-zero uint32, got " + index);
            }
            Objects.requireNonNull(name, "name");
            capabilities = Set.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
            for (int capability : capabilities) {
                if (capability < 0 || capability > 0xffff) {
                    throw new IllegalArgumentException("capability must be a uint16, got " + capability);
                }
            }
        }

        /** Whether the role holds {@code capability}. */
        public boolean can(int capability) {
            return capabilities.contains(capability);
        }
    }

    /**
     * Checks each role is filed under its own index and that a fixed-membership room gives no role canAddParticipant
     * (section 5: other users cannot be added to such a room).
     */
    public RoomPolicy {
        roles = Map.copyOf(Objects.requireNonNull(roles, "roles"));
        for (Map.Entry<Long, Role> e : roles.entrySet()) {
            if (e.getKey() != e.getValue().index()) {
                throw new IllegalArgumentException("role " + e.getValue().name() + " is filed under index "
                        + e.getKey() + " but has index " + e.getValue().index());
            }
            if (fixedMembership && e.getValue().can(CAN_ADD_PARTICIPANT)) {
                throw new IllegalArgumentException("a fixed-membership room gives no role canAddParticipant, but "
                        + e.getValue().name() + " has it");
            }
        }
    }

    /**
     * A 1:1 (or group DM) room: fixed membership, members who send and receive, and a banned role with nothing.
     */
    public static RoomPolicy fixedMembershipRoom() {
        return of(true, List.of(new Role(BANNED, "banned", Set.of()),
                new Role(MEMBER, "member", Set.of(CAN_SEND_MESSAGE, CAN_RECEIVE_MESSAGE))));
    }

    /** A moderated group room: banned, members who talk, administrators who also add, remove and change roles. */
    public static RoomPolicy groupRoom() {
        return of(false, List.of(new Role(BANNED, "banned", Set.of()),
                new Role(MEMBER, "member", Set.of(CAN_SEND_MESSAGE, CAN_RECEIVE_MESSAGE)),
                new Role(ADMIN, "admin", Set.of(CAN_SEND_MESSAGE, CAN_RECEIVE_MESSAGE, CAN_ADD_PARTICIPANT,
                        CAN_REMOVE_PARTICIPANT, CAN_CHANGE_USER_ROLE))));
    }

    /** A policy from a list of roles. */
    public static RoomPolicy of(boolean fixedMembership, List<Role> roles) {
        Map<Long, Role> byIndex = new TreeMap<>();
        for (Role role : roles) {
            if (byIndex.put(role.index(), role) != null) {
                throw new IllegalArgumentException("two roles with index " + role.index());
            }
        }
        return new RoomPolicy(fixedMembership, byIndex);
    }

    /** Whether role {@code roleIndex} exists and holds {@code capability}. */
    public boolean allows(long roleIndex, int capability) {
        Role role = roles.get(roleIndex);
        return role != null && role.can(capability);
    }
}
