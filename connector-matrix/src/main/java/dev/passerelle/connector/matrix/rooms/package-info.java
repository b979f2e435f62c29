/**
 * Matrix rooms as the gateway sees them: its ghosts' registration and membership
 * ({@link dev.passerelle.connector.matrix.rooms.GhostUsers}), and the life of bridged rooms
 * ({@link dev.passerelle.connector.matrix.rooms.RoomService}): portals made on an alias query, DMs opened by
 * an invite of a ghost or by the bot's {@code dm} command, plumbing through the bot's {@code link} and
 * {@code unlink}, room upgrades ({@code m.room.tombstone}) and rooms that turn encryption on.
 *
 * <p>Every method returns a Vert.x future and is called on an event loop; store calls go through
 * {@code executeBlocking}.
 */
package dev.passerelle.connector.matrix.rooms;
