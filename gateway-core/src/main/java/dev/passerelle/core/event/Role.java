package dev.passerelle.core.event;

/**
 * A member's standing in a room, in the one vocabulary every network maps to: the Matrix connector derives it from
 * power levels, the XMPP connector from a MUC affiliation and role, the MIMI connector from room-policy roles.
 * Ordered from most to least powerful.
 */
public enum Role {
    /**
     * Owns the room: a Matrix room creator (room version 12 on, unlimited power), a MUC {@code owner} affiliation,
     * a MIMI room owner.
     */
    OWNER,
    /** Administers the room: Matrix power level 100 or more, a MUC {@code admin} affiliation, a MIMI admin. */
    ADMIN,
    /**
     * Moderates: Matrix power level 50 to 99, a MUC {@code moderator} role (member affiliation), a MIMI moderator.
     */
    MODERATOR,
    /**
     * May speak: Matrix power level at least the level needed to send {@code m.room.message} (the default for
     * most rooms), a MUC {@code member} affiliation with the {@code participant} role, a MIMI regular participant.
     */
    MEMBER,
    /**
     * Present but muted: a Matrix power level below what sending a message needs, a MUC {@code visitor} role, a
     * MIMI participant without the right to send.
     */
    VISITOR
}
