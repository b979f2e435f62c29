package dev.passerelle.connector.matrix.translate;

/** A network-neutral room role, derived from Matrix power levels (see {@link PowerLevels}). */
public enum Role {
    /** A room creator (room version 12 on: unlimited power, never listed in power levels). */
    OWNER,
    /** Power level 100 or more. */
    ADMIN,
    /** Power level 50 to 99. */
    MODERATOR,
    /** Allowed to send messages. */
    MEMBER,
    /** Below the level needed to send messages. */
    VISITOR
}
