/**
 * Plumbed MUCs: existing group chats on the XMPP server that the gateway links to rooms elsewhere.
 *
 * <p>The gateway sees such a room from inside, as occupants on its component domain: one <em>listener</em>
 * occupant per room (the gateway's own "bridge" JID, for example {@code bridge@gw.example.org} with a
 * configurable nick), which joins when the room is plumbed and is the only occupant whose copies of other
 * occupants' traffic count, and one occupant per <em>ghost</em>, which joins lazily under its display name the
 * first time it speaks. The room's reflection of a ghost's message confirms the send and carries the stanza-id
 * the room assigned, which the message mapping records. After the component stream reconnects, the listener
 * rejoins and the room's archive (XEP-0313) is read from the last archive id seen, so nothing sent while the
 * gateway was away is lost.
 *
 * <p>{@link dev.passerelle.connector.xmpp.plumb.PlumbedRooms} is the entry point; what it hands up is a
 * {@link dev.passerelle.connector.xmpp.plumb.PlumbInbound}.
 */
package dev.passerelle.connector.xmpp.plumb;
