package dev.passerelle.connector.xmpp.muc;

/** How a member left a room: the XEP-0045 status code the occupants see follows from it. */
public enum Departure {
    /** Left by itself: a plain unavailable presence. */
    LEFT,
    /** Removed by a moderator: status 307. */
    KICKED,
    /** Removed and barred from coming back: status 301 (affiliation outcast). */
    BANNED
}
