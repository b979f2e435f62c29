/**
 * Rooms of other networks hosted as multi-user chats on the component domain (XEP-0045 portals).
 *
 * <p>{@link dev.passerelle.connector.xmpp.muc.HostedRooms} keeps each portal's occupants in memory: XMPP users who
 * joined, and one occupant per member of the remote room. Decisions, so that clients know what to expect:
 * <ul>
 * <li>Rooms are public, persistent, open, non-anonymous and unmoderated: every occupant sees the real JIDs of the
 *     XMPP occupants (status 100 on joining). The remote network sees those users' addresses through their ghosts
 *     anyway, so hiding them from XMPP occupants would only pretend to a privacy the bridge does not give. Remote
 *     members carry no {@code jid} in their items: their real address is not an XMPP address.</li>
 * <li>Occupancy is not persisted. After a restart of the gateway alone, a message or a self-ping (XEP-0410) from a
 *     former occupant is answered with {@code not-acceptable}, which tells clients to join again.</li>
 * <li>Joining: the joiner gets every other occupant's presence, then its own (status 110), then the history and
 *     the subject (XEP-0045 7.2.3). The occupant presences go out as the server confirms earlier ones, at most
 *     {@value dev.passerelle.connector.xmpp.muc.HostedRooms#JOIN_WINDOW} awaiting confirmation over all joins, so a
 *     room of thousands takes a few round trips and never fills the component connection. Until its own presence,
 *     the joiner hears of an occupant's changes or departure only once it was told of that occupant; messages of
 *     that time reach it only as history (so within the kept messages and its own history limits), and the
 *     subject it gets last is the one current then.</li>
 * <li>History: the last {@value dev.passerelle.connector.xmpp.muc.Room#HISTORY} groupchat messages of each room are
 *     kept in memory and replayed on join with a delay stamp, honouring {@code maxstanzas}, {@code seconds},
 *     {@code since} and {@code maxchars='0'}.</li>
 * <li>Private messages between occupants are refused with {@code feature-not-implemented}: a remote member is
 *     reachable as a ghost JID of its own, which is where direct messages belong.</li>
 * <li>Room configuration (muc#owner) is refused with {@code not-allowed}: the room is configured on its own
 *     network. Kicks and bans by XMPP moderators are answered at once and handed to the connector, which applies
 *     them on the remote network; the remote room's answer comes back as {@code memberLeft}.</li>
 * <li>disco#items on a room answers an empty list (XEP-0045 lets a room keep its occupant list to itself).</li>
 * </ul>
 * All methods run on the connector's Vert.x context (one thread); nothing here blocks.
 */
package dev.passerelle.connector.xmpp.muc;
