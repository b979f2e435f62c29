package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.connector.xmpp.muc.MucStanzas.Extras;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverInfoBuilder;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Portal rooms on the component domain as XEP-0045 multi-user chats: XMPP users join {@code <room>@<component>} like
 * any MUC, remote members appear as occupants, and every stanza for a room or occupant JID goes through
 * {@link #handle}. See the package documentation for the room's properties. Call from the connector's context only.
 */
public final class HostedRooms {

    static final List<String> FEATURES = List.of(
            "http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#info", "muc_public",
            "muc_persistent", "muc_open", "muc_nonanonymous", "muc_unmoderated", "muc_unsecured", "urn:xmpp:sid:0",
            "urn:xmpp:ping");

    /**
     * How many occupant presences of joins in progress may await the connection's confirmation at once, over all
     * rooms: a few round trips for a room of thousands, and a small share of the connection's outbox.
     */
    static final int JOIN_WINDOW = 500;

    private final Function<Stanza, Future<Void>> send;
    /** Replies the component connection refused, and when the last warning about them was logged. */
    private final java.util.concurrent.atomic.AtomicLong refusedReplies = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastRefusalLog = new java.util.concurrent.atomic.AtomicLong();
    private final DomainBareJid domain;
    private final Clock clock;
    private final RoomDirectory directory;
    private final Map<EntityBareJid, Room> rooms = new HashMap<>();
    private final ModerationRequests moderation;
    private final JoinPacer joins;

    /**
     * @param send sends one stanza (the connector passes {@code ComponentConnection::send})
     * @param room completes once the connection can take that many more stanzas (the connector passes
     *     {@code ComponentConnection::room}); joins into large rooms wait on it when the connection refused a presence
     * @param componentDomain the component's domain, which hosts the rooms
     * @param clock stamps the history kept for joiners
     * @param directory tells which portal rooms exist and who is in them
     */
    public HostedRooms(Function<Stanza, Future<Void>> send, IntFunction<Future<Void>> room, String componentDomain,
            Clock clock, RoomDirectory directory) {
        this(send, room, componentDomain, clock, directory, JOIN_WINDOW);
    }

    HostedRooms(Function<Stanza, Future<Void>> send, IntFunction<Future<Void>> room, String componentDomain,
            Clock clock, RoomDirectory directory, int joinWindow) {
        if (send == null || room == null || clock == null || directory == null) {
            throw new IllegalArgumentException("send, room, clock and directory must not be null");
        }
        this.send = send;
        this.joins = new JoinPacer(send, room, joinWindow, this::joinSent);
        this.domain = JidCreate.domainBareFromOrThrowUnchecked(componentDomain);
        this.clock = clock;
        this.directory = directory;
        this.moderation = new ModerationRequests(this);
    }

    /**
     * Handles a stanza addressed to a room JID or an occupant JID on the component domain: answers, reflects and
     * broadcasts on the XMPP side, and returns what the connector must carry to the remote room. Stanzas the room
     * does not act on (bounces of its own stanzas aside) return empty. The connector calls this only for JIDs that
     * name portals (ghost JIDs share the domain); a portal the directory does not know is answered item-not-found.
     */
    public Optional<RoomInbound> handle(Stanza stanza) {
        Jid to = stanza.getTo();
        if (to == null || !to.asDomainBareJid().equals(domain) || to.getLocalpartOrNull() == null) {
            throw new IllegalArgumentException("not addressed to a room on " + domain + ": " + to);
        }
        EntityBareJid roomJid = to.asEntityBareJidOrThrow();
        Optional<Resourcepart> nick = to.getResourceOrEmpty().length() == 0 ? Optional.empty()
                : Optional.of(to.getResourceOrThrow());
        EntityFullJid from = stanza.getFrom() == null ? null : stanza.getFrom().asEntityFullJidIfPossible();
        Optional<Room> room = room(roomJid);
        // A stanza came in, so the connection is up: joins it held up when it was stopped go on.
        joins.resume();
        if (stanza instanceof Presence) {
            return presence((Presence) stanza, room, nick, from);
        }
        if (stanza instanceof Message) {
            return message((Message) stanza, room, nick, from);
        }
        if (stanza instanceof IQ) {
            return iq((IQ) stanza, room, nick, from);
        }
        return Optional.empty();
    }

    // ---- remote side -> XMPP occupants ----

    /** A member of the remote room appears as an occupant; a known member's changed name or role is applied. */
    public Future<Void> memberJoined(EntityBareJid roomJid, Address remoteUser, String displayName, Role role) {
        Optional<Room> found = room(roomJid);
        if (found.isEmpty()) {
            return unknownRoom(roomJid);
        }
        Room room = found.get();
        Optional<Occupant> existing = room.byAddress(remoteUser);
        if (existing.isPresent()) {
            return Future.all(nickChanged(roomJid, remoteUser, displayName), roleChanged(roomJid, remoteUser, role))
                    .mapEmpty();
        }
        Occupant occupant = Occupant.remote(room.uniqueNick(displayName, Optional.empty()), role, remoteUser);
        room.add(occupant);
        return broadcastPresence(room, occupant, true, Extras.NONE);
    }

    /**
     * A member left the remote room, by itself or removed by {@code actor}. The member is a remote user, or an XMPP
     * user ({@link dev.passerelle.core.address.Jid}) whose ghost left, whose sessions then leave the hosted room too.
     * A ban also bars that XMPP user from joining again while the gateway runs.
     */
    public Future<Void> memberLeft(EntityBareJid roomJid, Address user, Departure how, Optional<Address> actor,
            Optional<String> reason) {
        Optional<Room> found = room(roomJid);
        if (found.isEmpty()) {
            return unknownRoom(roomJid);
        }
        Room room = found.get();
        Optional<Resourcepart> actorNick = actor.flatMap(a -> occupantOf(room, a)).map(Occupant::nick);
        List<Occupant> leaving = new ArrayList<>();
        if (user instanceof dev.passerelle.core.address.Jid) {
            EntityBareJid bare = JidCreate.entityBareFromOrThrowUnchecked(
                    ((dev.passerelle.core.address.Jid) user).bare().toString());
            leaving.addAll(room.byUser(bare));
            if (how == Departure.BANNED) {
                room.ban(bare);
            }
        }
        room.byAddress(user).ifPresent(leaving::add);
        List<Future<Void>> sent = new ArrayList<>();
        for (Occupant o : leaving) {
            sent.add(removeOccupant(room, o, how, actorNick, reason));
        }
        return Future.all(sent).mapEmpty();
    }

    /**
     * A remote member's message, sent to every XMPP occupant from the member's occupant JID. {@code template} gives
     * the body and extensions (and the id, if set; a fresh one otherwise). Returns the stanza-id the room assigned.
     */
    public Future<String> message(EntityBareJid roomJid, Address remoteUser, Message template) {
        Optional<Room> found = room(roomJid);
        if (found.isEmpty()) {
            return unknownRoom(roomJid);
        }
        Room room = found.get();
        Optional<Occupant> sender = room.byAddress(remoteUser);
        if (sender.isEmpty()) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                    remoteUser.toUri() + " is not an occupant of " + roomJid + " (memberJoined first)"));
        }
        String stanzaId = newStanzaId();
        String id = template.getStanzaId() != null ? template.getStanzaId() : UUID.randomUUID().toString();
        return reflect(room, sender.get(), template, id, stanzaId).map(stanzaId);
    }

    /** A remote member set the room's subject (empty clears it). */
    public Future<Void> subject(EntityBareJid roomJid, Address remoteUser, String subject) {
        Optional<Room> found = room(roomJid);
        if (found.isEmpty()) {
            return unknownRoom(roomJid);
        }
        Room room = found.get();
        return setSubject(room, room.byAddress(remoteUser).map(Occupant::nick), subject);
    }

    /**
     * A member's standing in the remote room changed (a canonical {@code RoleChanged}): remote members and XMPP
     * users (by their core Jid) alike.
     */
    public Future<Void> roleChanged(EntityBareJid roomJid, Address user, Role role) {
        Optional<Room> found = room(roomJid);
        if (found.isEmpty()) {
            return unknownRoom(roomJid);
        }
        Room room = found.get();
        List<Future<Void>> sent = new ArrayList<>();
        for (Occupant o : occupantsOf(room, user)) {
            if (o.role() != role) {
                o.role(role);
                sent.add(broadcastPresence(room, o, true, Extras.NONE));
            }
        }
        return Future.all(sent).mapEmpty();
    }

    /** A remote member's display name changed: its nick follows (kept unique), with the 303 nick-change flow. */
    public Future<Void> nickChanged(EntityBareJid roomJid, Address remoteUser, String displayName) {
        Optional<Room> found = room(roomJid);
        if (found.isEmpty()) {
            return unknownRoom(roomJid);
        }
        Room room = found.get();
        Optional<Occupant> occupant = room.byAddress(remoteUser);
        if (occupant.isEmpty()) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                    remoteUser.toUri() + " is not an occupant of " + roomJid));
        }
        Resourcepart newNick = room.uniqueNick(displayName, occupant);
        if (newNick.equals(occupant.get().nick())) {
            return Future.succeededFuture();
        }
        return rename(room, occupant.get(), newNick);
    }

    // ---- inbound presence ----

    private Optional<RoomInbound> presence(Presence presence, Optional<Room> found, Optional<Resourcepart> nick,
            EntityFullJid from) {
        Presence.Type type = presence.getType();
        if (type == Presence.Type.error || type == Presence.Type.unavailable) {
            if (found.isEmpty() || from == null) {
                return Optional.empty();
            }
            Room room = found.get();
            Optional<Occupant> occupant = room.bySession(from);
            if (occupant.isEmpty()) {
                return Optional.empty();
            }
            // An error presence is the server bouncing our presence: the client is gone, do not write to it again.
            boolean bounced = type == Presence.Type.error;
            return leave(room, occupant.get(), from, bounced);
        }
        if (type != Presence.Type.available) {
            return Optional.empty();
        }
        if (found.isEmpty()) {
            reply(MucStanzas.error(presence, Condition.item_not_found, "no such room"));
            return Optional.empty();
        }
        if (from == null) {
            reply(MucStanzas.error(presence, Condition.bad_request, "a join must come from a full JID"));
            return Optional.empty();
        }
        if (nick.isEmpty()) {
            reply(MucStanzas.error(presence, Condition.jid_malformed, "a nickname is required"));
            return Optional.empty();
        }
        Room room = found.get();
        Optional<Occupant> current = room.bySession(from);
        if (current.isPresent()) {
            if (current.get().nick().equals(nick.get())) {
                current.get().show(presence.getMode(), Optional.ofNullable(presence.getStatus()));
                broadcastPresence(room, current.get(), true, Extras.NONE);
                return Optional.empty();
            }
            return changeOwnNick(presence, room, current.get(), from, nick.get());
        }
        return join(presence, room, from, nick.get());
    }

    private Optional<RoomInbound> join(Presence presence, Room room, EntityFullJid from, Resourcepart nick) {
        EntityBareJid user = from.asEntityBareJid();
        if (room.isBanned(user) || directory.isBanned(room.jid, user)) {
            reply(MucStanzas.error(presence, Condition.forbidden, "you are banned from this room"));
            return Optional.empty();
        }
        Optional<Occupant> holder = room.byNick(nick);
        if (holder.isPresent() && holder.get().user().filter(user::equals).isEmpty()) {
            reply(MucStanzas.error(presence, Condition.conflict, "that nickname is in use"));
            return Optional.empty();
        }
        Occupant occupant;
        boolean newOccupant = holder.isEmpty();
        if (newOccupant) {
            occupant = Occupant.xmpp(nick, directory.roleOf(room.jid, user), from);
            occupant.show(presence.getMode(), Optional.ofNullable(presence.getStatus()));
            room.add(occupant);
        } else {
            // Another client of the same account joins under the same nick (multi-session).
            occupant = holder.get();
            room.addSession(occupant, from);
        }
        Join join = new Join(room, from, occupant, HistoryRequest.of(presence));
        room.joinStarted(join);
        // The others hear of the joiner now (the joiner's own sessions from before do not: the nick is theirs).
        for (EntityFullJid session : room.recipients(occupant, false)) {
            if (!occupant.sessions().contains(session)) {
                reply(MucStanzas.occupant(room, occupant, session, true, Extras.NONE));
            }
        }
        // XEP-0045 7.2.3: the others first, the joiner's own presence last, then history, then the subject. A large
        // room's occupants go out over several round trips (JoinPacer); joinSent sends the rest.
        joins.start(join);
        return newOccupant ? Optional.of(new RoomInbound.Joined(room.jid, from, nick)) : Optional.empty();
    }

    /**
     * Every other occupant's presence reached the joiner: its own presence, the history and the subject follow, and
     * from now on it hears every broadcast. All in one go, so no message can come between.
     */
    private void joinSent(Join join) {
        Room room = join.room;
        room.joinDone(join);
        reply(MucStanzas.occupant(room, join.occupant, join.session, true, Extras.NONE));
        sendHistory(room, join.session, join.history);
        reply(MucStanzas.subject(room, join.session));
    }

    private Optional<RoomInbound> changeOwnNick(Presence presence, Room room, Occupant occupant, EntityFullJid from,
            Resourcepart newNick) {
        if (room.byNick(newNick).isPresent()) {
            reply(MucStanzas.error(presence, Condition.conflict, "that nickname is in use"));
            return Optional.empty();
        }
        Resourcepart oldNick = occupant.nick();
        rename(room, occupant, newNick);
        return Optional.of(new RoomInbound.NickChanged(room.jid, from, oldNick, newNick));
    }

    private Optional<RoomInbound> leave(Room room, Occupant occupant, EntityFullJid session, boolean bounced) {
        if (occupant.sessions().size() > 1) {
            if (!bounced) {
                reply(MucStanzas.occupant(room, occupant, session, false, Extras.NONE));
            }
            room.removeSession(occupant, session);
            return Optional.empty();
        }
        Extras extras = bounced ? Extras.codes(MUCUser.Status.REMOVED_FOR_TECHNICAL_REASONS_333) : Extras.NONE;
        List<EntityFullJid> recipients = room.recipients(occupant, true);
        if (bounced) {
            recipients.remove(session);
        }
        for (EntityFullJid to : recipients) {
            reply(MucStanzas.occupant(room, occupant, to, false, extras));
        }
        room.removeSession(occupant, session);
        return Optional.of(new RoomInbound.Left(room.jid, session, occupant.nick()));
    }

    // ---- inbound messages ----

    private Optional<RoomInbound> message(Message message, Optional<Room> found, Optional<Resourcepart> nick,
            EntityFullJid from) {
        Message.Type type = message.getType();
        if (type == Message.Type.error) {
            // A bounce of something the room sent to an occupant: that session is gone.
            Optional<Occupant> gone = found.flatMap(r -> from == null ? Optional.empty() : r.bySession(from));
            return gone.flatMap(o -> leave(found.get(), o, from, true));
        }
        if (type == Message.Type.headline) {
            return Optional.empty();
        }
        if (found.isEmpty()) {
            reply(MucStanzas.error(message, Condition.item_not_found, "no such room"));
            return Optional.empty();
        }
        Room room = found.get();
        Optional<Occupant> sender = from == null ? Optional.empty() : room.bySession(from);
        if (sender.isEmpty()) {
            // Also what a former occupant gets after a gateway restart: it tells the client to join again.
            reply(MucStanzas.error(message, Condition.not_acceptable, "you are not an occupant of this room"));
            return Optional.empty();
        }
        if (type != Message.Type.groupchat) {
            reply(MucStanzas.error(message, Condition.feature_not_implemented,
                    "private messages are not relayed; write to the member's own address"));
            return Optional.empty();
        }
        if (nick.isPresent()) {
            reply(MucStanzas.error(message, Condition.bad_request, "groupchat messages go to the room's bare JID"));
            return Optional.empty();
        }
        Occupant occupant = sender.get();
        if (!MucRoles.canSpeak(occupant.role())) {
            reply(MucStanzas.error(message, Condition.forbidden, "visitors may not speak in this room"));
            return Optional.empty();
        }
        if (message.getSubject() != null && message.getBody() == null) {
            setSubject(room, Optional.of(occupant.nick()), message.getSubject());
            return Optional.of(new RoomInbound.Subject(room.jid, from, occupant.nick(), message.getSubject()));
        }
        String stanzaId = newStanzaId();
        String id = message.getStanzaId() != null ? message.getStanzaId() : UUID.randomUUID().toString();
        reflect(room, occupant, message, id, stanzaId);
        return Optional.of(new RoomInbound.Message(room.jid, from, occupant.nick(), message, stanzaId));
    }

    // ---- inbound iq ----

    private Optional<RoomInbound> iq(IQ iq, Optional<Room> found, Optional<Resourcepart> nick, EntityFullJid from) {
        if (iq.getType() == IQ.Type.result || iq.getType() == IQ.Type.error) {
            return Optional.empty();
        }
        if (found.isEmpty()) {
            reply(MucStanzas.error(iq, Condition.item_not_found, "no such room"));
            return Optional.empty();
        }
        Room room = found.get();
        Optional<Occupant> sender = from == null ? Optional.empty() : room.bySession(from);
        if (nick.isPresent()) {
            if (sender.isEmpty()) {
                // XEP-0410: a self-ping from a client the room forgot (gateway restart) makes it join again.
                reply(MucStanzas.error(iq, Condition.not_acceptable, "you are not an occupant of this room"));
            } else if (sender.get().nick().equals(nick.get())
                    && "urn:xmpp:ping".equals(iq.getChildElementNamespace())) {
                reply(IQ.createResultIQ(iq));
            } else {
                reply(MucStanzas.error(iq, Condition.service_unavailable, "occupants are not reachable by iq here"));
            }
            return Optional.empty();
        }
        String namespace = iq.getChildElementNamespace();
        if (iq.getType() == IQ.Type.get && iq instanceof DiscoverInfo && ((DiscoverInfo) iq).getNode() == null) {
            reply(discoInfo(room, (DiscoverInfo) iq));
            return Optional.empty();
        }
        if (iq.getType() == IQ.Type.get && iq instanceof DiscoverItems && ((DiscoverItems) iq).getNode() == null) {
            DiscoverItems items = new DiscoverItems();
            items.setType(IQ.Type.result);
            items.setStanzaId(iq.getStanzaId());
            items.setFrom(iq.getTo());
            items.setTo(iq.getFrom());
            reply(items);
            return Optional.empty();
        }
        if ("http://jabber.org/protocol/muc#admin".equals(namespace) && iq.getType() == IQ.Type.set) {
            return moderation.handle(iq, room, sender, from);
        }
        if ("http://jabber.org/protocol/muc#owner".equals(namespace)) {
            reply(MucStanzas.error(iq, Condition.not_allowed, "this room is configured on its own network"));
            return Optional.empty();
        }
        reply(MucStanzas.error(iq, Condition.service_unavailable, null));
        return Optional.empty();
    }

    private DiscoverInfo discoInfo(Room room, DiscoverInfo request) {
        DiscoverInfoBuilder builder = DiscoverInfoBuilder.buildResponseFor(request, IQ.ResponseType.result);
        builder.addIdentity(new DiscoverInfo.Identity("conference", room.name, "text"));
        builder.addFeatures(FEATURES);
        return builder.build();
    }

    // ---- shared steps ----

    /** Sends a copy of {@code source} from the sender's occupant JID to every session, and keeps it for history. */
    private Future<Void> reflect(Room room, Occupant sender, Message source, String id, String stanzaId) {
        List<Future<Void>> sent = new ArrayList<>();
        Message kept = null;
        // Not to sessions still joining: they get the message with the history, after their own presence.
        for (EntityFullJid to : room.joinedSessions()) {
            Message copy = copyFor(room, sender, source, id, stanzaId, to);
            kept = copy;
            sent.add(send.apply(copy));
        }
        room.keep(kept != null ? kept : copyFor(room, sender, source, id, stanzaId, room.jid.asEntityBareJid()),
                clock.instant());
        return Future.all(sent).mapEmpty();
    }

    private Message copyFor(Room room, Occupant sender, Message source, String id, String stanzaId, Jid to) {
        MessageBuilder builder = StanzaBuilder.buildMessage(id)
                .ofType(Message.Type.groupchat)
                .from(MucStanzas.occupantJid(room, sender.nick()))
                .to(to);
        if (source.getLanguage() != null) {
            builder.setLanguage(source.getLanguage());
        }
        // RFC 6120's schema wants subject, body and thread before any extension; a parsed message may hold
        // them after (Smack keeps elements in arrival order, and servers reorder), so they go first.
        List<ExtensionElement> all = source.getExtensions();
        for (ExtensionElement e : all) {
            if (isCoreChild(e)) {
                builder.addExtension(e);
            }
        }
        for (ExtensionElement e : all) {
            // XEP-0359: a stanza-id claiming to be by this room may only come from the room itself.
            boolean dropped = (StanzaIdElement.ELEMENT.equals(e.getElementName())
                    && StanzaIdElement.NAMESPACE.equals(e.getNamespace()))
                    || (DelayInformation.ELEMENT.equals(e.getElementName())
                    && DelayInformation.NAMESPACE.equals(e.getNamespace()));
            if (!isCoreChild(e) && !dropped) {
                builder.addExtension(e);
            }
        }
        builder.addExtension(new StanzaIdElement(stanzaId, room.jid.toString()));
        return builder.build();
    }

    private static boolean isCoreChild(ExtensionElement e) {
        if (e instanceof Message.Body || e instanceof Message.Subject || e instanceof Message.Thread) {
            return true;
        }
        // A server may write them in its own stanza namespace, which Smack then keeps as unknown elements.
        String ns = e.getNamespace();
        boolean stanzaNamespace = ns == null || ns.isEmpty() || ns.equals("jabber:client")
                || ns.equals("jabber:component:accept") || ns.equals("jabber:server");
        return stanzaNamespace && List.of("body", "subject", "thread").contains(e.getElementName());
    }

    private void sendHistory(Room room, EntityFullJid to, HistoryRequest wanted) {
        List<Room.Kept> kept = room.history();
        int max = Math.min(kept.size(), wanted.maxStanzas().orElse(kept.size()));
        if (wanted.maxChars().orElse(1) == 0) {
            max = 0;
        }
        Instant since = Instant.MIN;
        if (wanted.seconds().isPresent()) {
            since = clock.instant().minusSeconds(wanted.seconds().getAsInt());
        }
        if (wanted.since().isPresent() && wanted.since().get().isAfter(since)) {
            since = wanted.since().get();
        }
        for (Room.Kept k : kept.subList(kept.size() - max, kept.size())) {
            if (k.at().isBefore(since)) {
                continue;
            }
            Message copy = k.message().asBuilder().to(to)
                    .addExtension(new DelayInformation(Date.from(k.at()), room.jid.toString(), null))
                    .build();
            reply(copy);
        }
    }

    private Future<Void> setSubject(Room room, Optional<Resourcepart> by, String subject) {
        room.subject = subject.isEmpty() ? Optional.empty() : Optional.of(subject);
        room.subjectBy = by;
        List<Future<Void>> sent = new ArrayList<>();
        // A session still joining gets the subject as it stands at the end of its join.
        for (EntityFullJid to : room.joinedSessions()) {
            sent.add(send.apply(MucStanzas.subject(room, to)));
        }
        return Future.all(sent).mapEmpty();
    }

    /** XEP-0045 7.6: unavailable with 303 and the new nick from the old occupant JID, then available from the new. */
    private Future<Void> rename(Room room, Occupant occupant, Resourcepart newNick) {
        List<Future<Void>> sent = new ArrayList<>();
        Extras change = new Extras(List.of(MUCUser.Status.NEW_NICKNAME_303), Optional.of(newNick), Optional.empty(),
                Optional.empty(), false);
        for (EntityFullJid to : room.recipients(occupant, false)) {
            sent.add(send.apply(MucStanzas.occupant(room, occupant, to, false, change)));
        }
        room.rename(occupant, newNick);
        sent.add(broadcastPresence(room, occupant, true, Extras.NONE));
        return Future.all(sent).mapEmpty();
    }

    /** Removes an occupant with every session, telling all sessions (its own included) how it left. */
    Future<Void> removeOccupant(Room room, Occupant occupant, Departure how, Optional<Resourcepart> actor,
            Optional<String> reason) {
        List<MUCUser.Status> codes = how == Departure.KICKED ? List.of(MUCUser.Status.KICKED_307)
                : how == Departure.BANNED ? List.of(MUCUser.Status.BANNED_301) : List.of();
        Extras extras = new Extras(codes, Optional.empty(), actor, reason, how == Departure.BANNED);
        Future<Void> sent = broadcastPresence(room, occupant, false, extras);
        room.remove(occupant);
        return sent;
    }

    /** An unavailable presence is the occupant's departure: see {@link Room#recipients} for who hears of it. */
    private Future<Void> broadcastPresence(Room room, Occupant occupant, boolean available, Extras extras) {
        List<Future<Void>> sent = new ArrayList<>();
        for (EntityFullJid to : room.recipients(occupant, !available)) {
            sent.add(send.apply(MucStanzas.occupant(room, occupant, to, available, extras)));
        }
        return Future.all(sent).mapEmpty();
    }

    void reply(Stanza stanza) {
        // A reply that cannot be delivered is the connection's to report (it reconnects and resends); the room's
        // state does not depend on it. One the connection refused outright (more stanzas waiting for the server's
        // confirmation than it holds, with other traffic filling it) is lost: say so, at most once a minute.
        send.apply(stanza).onFailure(e -> {
            long refused = refusedReplies.incrementAndGet();
            long now = System.nanoTime();
            long last = lastRefusalLog.get();
            if ((last == 0 || now - last > 60_000_000_000L) && lastRefusalLog.compareAndSet(last, now)) {
                org.slf4j.LoggerFactory.getLogger(HostedRooms.class).warn(
                        "A hosted room's stanza to {} was refused by the component connection ({} so far): {}",
                        stanza.getTo(), refused, e.getMessage());
            }
        });
    }

    private Optional<Room> room(EntityBareJid jid) {
        Room room = rooms.get(jid);
        if (room != null) {
            return Optional.of(room);
        }
        Optional<RoomInfo> info = directory.describe(jid);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Room loaded = new Room(jid, info.get().name(), info.get().subject());
        for (RoomInfo.Member m : info.get().members()) {
            if (loaded.byAddress(m.user()).isEmpty()) {
                loaded.add(Occupant.remote(loaded.uniqueNick(m.displayName(), Optional.empty()), m.role(), m.user()));
            }
        }
        rooms.put(jid, loaded);
        return Optional.of(loaded);
    }

    private static Optional<Occupant> occupantOf(Room room, Address address) {
        List<Occupant> found = occupantsOf(room, address);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Occupant> occupantsOf(Room room, Address address) {
        List<Occupant> found = new ArrayList<>();
        room.byAddress(address).ifPresent(found::add);
        if (address instanceof dev.passerelle.core.address.Jid) {
            found.addAll(room.byUser(JidCreate.entityBareFromOrThrowUnchecked(
                    ((dev.passerelle.core.address.Jid) address).bare().toString())));
        }
        return found;
    }

    private static String newStanzaId() {
        return UUID.randomUUID().toString();
    }

    private static <T> Future<T> unknownRoom(EntityBareJid roomJid) {
        return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                "no portal room " + roomJid + " in the directory"));
    }
}
