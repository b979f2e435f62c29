package dev.passerelle.connector.xmpp.plumb;

import dev.passerelle.connector.xmpp.plumb.Room.Occupant;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.GatewayException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.forward.packet.Forwarded;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.muc.packet.Destroy;
import org.jivesoftware.smackx.muc.packet.MUCInitialPresence;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's presence in existing MUC rooms of the XMPP server ("plumbed" rooms), seen from inside as
 * occupants on the component domain; see the package documentation for the listener and ghost occupants.
 *
 * <p>The connector passes every stanza for which {@link #concerns} is true to {@link #handle}, which hands up
 * each occupant's message, presence, subject change, moderation or the room's destruction once, from the
 * listener's copy, and consumes everything else: the other copies, reflections of our own sends (which
 * complete {@link #sendAs}), join results, archive pages and self-pings. Live messages that reach the listener
 * while an archive catch-up runs are handed up at once; the catch-up skips them by stanza-id, so they may come
 * before older archived ones in that window.
 *
 * <p>State is guarded by this object's lock and no method blocks: all of them may be called from any thread,
 * and the futures complete on Vert.x threads.
 */
public final class PlumbedRooms {
    private static final Logger LOG = LoggerFactory.getLogger(PlumbedRooms.class);
    private static final int MAX_NICK_CONFLICTS = 5;

    private final GhostSeats seats;
    private final Function<Stanza, Future<Void>> send;
    private final Jid listenerJid;
    private final String listenerNick;
    private final Clock clock;
    private final Vertx vertx;
    private final PlumbSettings settings;
    private final ArchiveCatchUp archive;
    private final SelfPing selfPings;
    private final Map<EntityBareJid, Room> rooms = new HashMap<>();
    private final Map<String, Consumer<IQ>> awaitedIqs = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private long selfPingTimer = -1;
    private long duplicateReflections;

    /** With {@link PlumbSettings#defaults()} and an archive cursor kept in memory only (tests, tools). */
    public PlumbedRooms(Function<Stanza, Future<Void>> send, Jid listenerJid, String listenerNick, Clock clock,
            Vertx vertx) {
        this(send, listenerJid, listenerNick, clock, vertx, PlumbSettings.defaults(), new MemoryCursor());
    }

    /**
     * @param send how stanzas leave (the connector passes its component connection's {@code send})
     * @param listenerJid the gateway's own occupant JID on the component domain, such as {@code bridge@gw.example.org}
     * @param listenerNick the listener's nick in every plumbed room
     * @param cursor where archive catch-ups resume, kept across restarts
     */
    public PlumbedRooms(Function<Stanza, Future<Void>> send, Jid listenerJid, String listenerNick, Clock clock,
            Vertx vertx, PlumbSettings settings, ArchiveCursor cursor) {
        this(send, listenerJid, listenerNick, clock, vertx, settings, cursor, GhostSeats.inMemory());
    }

    /**
     * As the constructor above, with {@code seats} keeping our ghosts' nicks in each room across restarts (see
     * {@link GhostSeats}).
     */
    public PlumbedRooms(Function<Stanza, Future<Void>> send, Jid listenerJid, String listenerNick, Clock clock,
            Vertx vertx, PlumbSettings settings, ArchiveCursor cursor, GhostSeats seats) {
        this.seats = Objects.requireNonNull(seats, "seats");
        this.send = Objects.requireNonNull(send, "send");
        this.listenerJid = Objects.requireNonNull(listenerJid, "listenerJid");
        if (listenerJid.getLocalpartOrNull() == null) {
            throw new IllegalArgumentException("listenerJid needs a localpart, such as bridge@" + listenerJid);
        }
        if (listenerNick == null || listenerNick.isBlank()) {
            throw new IllegalArgumentException("listenerNick must not be blank");
        }
        nick(listenerNick, "listenerNick");
        this.listenerNick = listenerNick;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.selfPings = new SelfPing(this, send, vertx, settings.joinTimeout(), awaitedIqs, this::notJoined);
        this.archive = new ArchiveCatchUp(this, send, Objects.requireNonNull(cursor, "cursor"), listenerJid,
                settings.archivePageSize(), rooms, awaitedIqs);
    }

    /**
     * Plumbs {@code room}: the listener joins (without history), then the archive is read from the cursor, if
     * there is one. Completes once the listener is in; fails NOT_FOUND when the room does not exist.
     */
    public Future<Void> plumb(EntityBareJid room) {
        Objects.requireNonNull(room, "room");
        return seats.get(room).compose(former -> plumb(room, former));
    }

    private Future<Void> plumb(EntityBareJid room, Set<Resourcepart> former) {
        Future<Void> joined;
        synchronized (this) {
            Room r = rooms.get(room);
            if (r == null) {
                r = new Room(room, new Occupant(listenerJid, listenerNick));
                r.formerSeats.addAll(former);
                r.pastNicks.addAll(former);
                rooms.put(room, r);
            }
            if (selfPingTimer < 0) {
                selfPingTimer = vertx.setPeriodic(settings.selfPingInterval().toMillis(), id -> selfPing());
            }
            joined = join(r, r.listener);
        }
        return joined.onSuccess(v -> archive.start(room));
    }

    /** Unplumbs {@code room}: every occupant of ours leaves and the room is forgotten (its cursor stays). */
    public Future<Void> unplumb(EntityBareJid room) {
        List<Future<Void>> leaving = new ArrayList<>();
        synchronized (this) {
            Room r = rooms.remove(room);
            if (r == null) {
                return Future.succeededFuture();
            }
            List<Occupant> all = new ArrayList<>(r.ghosts.values());
            all.add(r.listener);
            for (Occupant o : all) {
                if (o.state == Occupant.State.JOINED || o.state == Occupant.State.JOINING) {
                    leaving.add(send.apply(StanzaBuilder.buildPresence().ofType(Presence.Type.unavailable)
                            .from(o.jid).to(occupantJid(room, o.nick)).build()));
                }
                abandonJoin(o, "the room was unplumbed");
            }
            failPending(room, Reason.NOT_FOUND, "the room was unplumbed");
        }
        return Future.all(leaving).mapEmpty();
    }

    /** Whether {@code room} is plumbed (its listener joined or joining). */
    public synchronized boolean isPlumbed(EntityBareJid room) {
        return rooms.containsKey(room);
    }

    /** Whether {@code ghost} holds a seat in the plumbed {@code room}, so that a message from it goes out at once. */
    public synchronized boolean isSeated(EntityBareJid room, Jid ghost) {
        Room r = rooms.get(room);
        Occupant o = r == null ? null : r.ghosts.get(ghost);
        return o != null && o.state == Occupant.State.JOINED;
    }

    /** The rooms plumbed now. */
    public synchronized List<EntityBareJid> rooms() {
        return List.copyOf(rooms.keySet());
    }

    /**
     * Makes {@code ghost} an occupant of the plumbed {@code room} under {@code displayName} (or that name with a
     * numeric suffix when the nick is taken). Completes at once if it is in already. Fails TRANSIENT on a
     * timeout, PERMANENT when the ghost is banned or the room refuses it, NOT_FOUND when the room is gone.
     */
    public Future<Void> ensureJoined(EntityBareJid room, Jid ghost, String displayName) {
        Objects.requireNonNull(ghost, "ghost");
        if (displayName == null || displayName.isBlank()) {
            return Future.failedFuture(new GatewayException(Reason.INVALID, "a ghost needs a display name to join"));
        }
        synchronized (this) {
            Room r = rooms.get(room);
            if (r == null) {
                return Future.failedFuture(new GatewayException(Reason.NOT_FOUND, room + " is not plumbed"));
            }
            if (ghost.equals(listenerJid)) {
                return Future.failedFuture(new GatewayException(Reason.INVALID, ghost + " is the listener"));
            }
            Occupant o = r.ghosts.computeIfAbsent(ghost, g -> new Occupant(g, displayName));
            if (o.state == Occupant.State.ABSENT) {
                o.displayName = displayName;
            }
            return join(r, o);
        }
    }

    /**
     * Sends {@code message} (which must carry an origin-id) from {@code ghost} to the room, joining the ghost
     * first if it was in before and lost its seat. Completes with the stanza-id the room assigned once the
     * room's reflection arrives; fails TRANSIENT when none arrives in time (resend with the same origin-id:
     * the room may have it already, and a second reflection is counted in {@link #duplicateReflections()}).
     */
    public Future<PendingSend> sendAs(EntityBareJid room, Jid ghost, Message message) {
        return sendAs(room, ghost, message, () -> { });
    }

    /**
     * As {@link #sendAs(EntityBareJid, Jid, Message)}; {@code onWritten} runs once the message is handed to the
     * connection, before its reflection (not at all when it fails before that).
     */
    public Future<PendingSend> sendAs(EntityBareJid room, Jid ghost, Message message, Runnable onWritten) {
        OriginIdElement origin = OriginIdElement.getOriginId(message);
        if (origin == null || origin.getId() == null || origin.getId().isEmpty()) {
            return Future.failedFuture(new GatewayException(Reason.INVALID,
                    "a message to a plumbed room needs an origin-id (XEP-0359) to recognise its reflection"));
        }
        Future<Void> seated;
        synchronized (this) {
            Room r = rooms.get(room);
            if (r == null) {
                return Future.failedFuture(new GatewayException(Reason.NOT_FOUND, room + " is not plumbed"));
            }
            Occupant o = r.ghosts.get(ghost);
            if (o == null) {
                return Future.failedFuture(new GatewayException(Reason.TRANSIENT,
                        ghost + " has not joined " + room + "; call ensureJoined first"));
            }
            seated = join(r, o);
        }
        return seated.compose(v -> sendJoined(room, ghost, message, origin.getId(), onWritten));
    }

    private Future<PendingSend> sendJoined(EntityBareJid room, Jid ghost, Message message, String originId,
            Runnable onWritten) {
        Promise<PendingSend> result = Promise.promise();
        Stanza stanza;
        String key = room + "\n" + originId;
        synchronized (this) {
            Room r = rooms.get(room);
            Occupant o = r == null ? null : r.ghosts.get(ghost);
            if (o == null || o.state != Occupant.State.JOINED) {
                return Future.failedFuture(new GatewayException(Reason.TRANSIENT, ghost + " lost its seat in " + room));
            }
            stanza = message.asBuilder().from(ghost).to(room).ofType(Message.Type.groupchat).build();
            Pending previous = pending.remove(key);
            if (previous != null) {
                vertx.cancelTimer(previous.timer);
                previous.promise.tryFail(new GatewayException(Reason.TRANSIENT, "superseded by a resend"));
            }
            long timer = vertx.setTimer(settings.reflectionTimeout().toMillis(), id -> {
                synchronized (this) {
                    Pending p = pending.get(key);
                    if (p != null && p.promise == result) {
                        pending.remove(key);
                    }
                }
                result.tryFail(new GatewayException(Reason.TRANSIENT, "no reflection of " + originId + " from "
                        + room + " within " + settings.reflectionTimeout()));
            });
            pending.put(key, new Pending(room, ghost, o.nick, originId, result, timer));
        }
        send.apply(stanza).onFailure(t -> {
            synchronized (this) {
                Pending p = pending.get(key);
                if (p != null && p.promise == result) {
                    pending.remove(key);
                    vertx.cancelTimer(p.timer);
                }
            }
            result.tryFail(t);
        });
        onWritten.run();
        return result.future();
    }

    /**
     * After the component stream reconnected: the server may have dropped our occupants (a server restart
     * forgets them all; a bounce while we were away gets an occupant kicked), so the listener rejoins every
     * plumbed room and catches up from the archive; ghosts rejoin when they next speak.
     */
    public void onReconnect() {
        List<EntityBareJid> all;
        synchronized (this) {
            all = List.copyOf(rooms.keySet());
            for (Room r : rooms.values()) {
                for (Occupant o : r.ghosts.values()) {
                    if (o.state == Occupant.State.JOINED) {
                        o.state = Occupant.State.ABSENT;
                    }
                }
                if (r.listener.state == Occupant.State.JOINED) {
                    r.listener.state = Occupant.State.ABSENT;
                }
                r.queryId = null;
                r.catchingUp = true;
            }
        }
        for (EntityBareJid room : all) {
            plumb(room).onFailure(t -> LOG.warn("Could not rejoin plumbed room {} after a reconnect: {}", room,
                    t.getMessage()));
        }
    }

    /** Reflections of our own sends that came a second time with another stanza-id (the room took a resend). */
    public synchronized long duplicateReflections() {
        return duplicateReflections;
    }

    /** Stops the self-ping timer and fails every send still waiting for its reflection. */
    public synchronized void close() {
        if (selfPingTimer >= 0) {
            vertx.cancelTimer(selfPingTimer);
            selfPingTimer = -1;
        }
        for (EntityBareJid room : List.copyOf(rooms.keySet())) {
            failPending(room, Reason.TRANSIENT, "plumbed rooms closed");
        }
    }

    /** True for a stanza that belongs to plumbed rooms: from a plumbed room, or answering one of our requests. */
    public synchronized boolean concerns(Stanza stanza) {
        if (stanza instanceof IQ && awaitedIqs.containsKey(stanza.getStanzaId())) {
            return true;
        }
        Jid from = stanza.getFrom();
        return from != null && from.asEntityBareJidIfPossible() != null
                && rooms.containsKey(from.asEntityBareJidIfPossible());
    }

    /**
     * Takes a stanza from a plumbed room to one of our occupants; returns what to hand up, or empty for what
     * was consumed here (copies, reflections, join results, archive bookkeeping, pings).
     */
    /**
     * Makes {@code archiveId} the archive cursor of {@code room}, where the next catch-up resumes: call once every
     * message of the room up to it is durable, in the room's order.
     */
    public void advanceCursor(EntityBareJid room, String archiveId) {
        synchronized (this) {
            Room r = rooms.get(room);
            if (r != null) {
                archive.advance(r, archiveId);
            }
        }
    }

    public Optional<PlumbInbound> handle(Stanza stanza) {
        if (stanza instanceof IQ iq) {
            return handleIq(iq);
        }
        synchronized (this) {
            Jid from = stanza.getFrom();
            Room r = from == null ? null : rooms.get(from.asEntityBareJidIfPossible());
            if (r == null) {
                return Optional.empty();
            }
            if (stanza instanceof Presence p) {
                return presence(r, p);
            }
            if (stanza instanceof Message m) {
                return message(r, m);
            }
            return Optional.empty();
        }
    }

    // ---- joining ----

    /** Joins {@code o} unless it is in or on its way; the returned future completes when it is in. */
    private Future<Void> join(Room r, Occupant o) {
        if (o.state == Occupant.State.JOINED) {
            return Future.succeededFuture();
        }
        if (o.state == Occupant.State.BANNED) {
            return Future.failedFuture(new GatewayException(Reason.PERMANENT, o.jid + " is banned from " + r.jid));
        }
        if (o.state == Occupant.State.JOINING) {
            return o.joining.future();
        }
        if (o == r.listener) {
            // Until the archive has been read from the cursor, live messages must not move it.
            r.catchingUp = true;
        }
        o.state = Occupant.State.JOINING;
        o.conflicts = 0;
        o.joining = Promise.promise();
        Future<Void> f = o.joining.future();
        sendJoin(r, o);
        return f;
    }

    private void sendJoin(Room r, Occupant o) {
        String wanted = o.conflicts == 0 ? o.displayName : o.displayName + " (" + (o.conflicts + 1) + ")";
        Resourcepart nick;
        try {
            nick = Resourcepart.from(wanted);
        } catch (XmppStringprepException e) {
            fail(o, new GatewayException(Reason.INVALID, "'" + wanted + "' is not a valid nick: " + e.getMessage()));
            return;
        }
        o.nick = nick;
        MUCInitialPresence muc = new MUCInitialPresence(null, -1, 0, -1, null);
        Presence join = StanzaBuilder.buildPresence().from(o.jid).to(occupantJid(r.jid, nick)).addExtension(muc)
                .build();
        cancelJoinTimer(o);
        Promise<Void> joining = o.joining;
        o.joinTimer = vertx.setTimer(settings.joinTimeout().toMillis(), id -> {
            synchronized (this) {
                if (o.joining == joining && o.state == Occupant.State.JOINING) {
                    o.joinTimer = -1;
                    fail(o, new GatewayException(Reason.TRANSIENT, o.jid + " got no answer from " + r.jid
                            + " to its join within " + settings.joinTimeout()));
                }
            }
        });
        send.apply(join).onFailure(t -> {
            synchronized (this) {
                if (o.joining == joining && o.state == Occupant.State.JOINING) {
                    fail(o, t);
                }
            }
        });
    }

    private void fail(Occupant o, Throwable t) {
        cancelJoinTimer(o);
        if (o.state != Occupant.State.BANNED) {
            o.state = Occupant.State.ABSENT;
        }
        Promise<Void> p = o.joining;
        o.joining = null;
        if (p != null) {
            p.tryFail(t);
        }
    }

    private void abandonJoin(Occupant o, String why) {
        if (o.state == Occupant.State.JOINING) {
            fail(o, new GatewayException(Reason.NOT_FOUND, why));
        }
        o.state = Occupant.State.ABSENT;
    }

    private void cancelJoinTimer(Occupant o) {
        if (o.joinTimer >= 0) {
            vertx.cancelTimer(o.joinTimer);
            o.joinTimer = -1;
        }
    }

    // ---- presence ----

    private Optional<PlumbInbound> presence(Room r, Presence p) {
        Occupant self = r.occupant(p.getTo());
        Resourcepart nick = p.getFrom().getResourceOrNull();
        MUCUser x = MUCUser.from(p);
        if (self != null && p.getType() == Presence.Type.error) {
            joinRefused(r, self, p.getError());
            return Optional.empty();
        }
        boolean selfPresence = self != null && (x != null && x.getStatus().contains(MUCUser.Status.PRESENCE_TO_SELF_110)
                || nick != null && nick.equals(self.nick));
        if (selfPresence) {
            return ownPresence(r, self, p, x, nick);
        }
        // Only the listener's copy counts; the room sends one to each of our ghosts too, and looking the nick up
        // among them first would cost each copy a walk over every ghost.
        if (nick == null || !listenerJid.equals(p.getTo()) || r.ours(nick)) {
            return Optional.empty();
        }
        if (r.formerSeats.contains(nick)) {
            // One of our ghosts from before a restart, still in the room.
            if (r.listener.state == Occupant.State.JOINING) {
                r.formerSeatsPresent.add(nick);
            }
            if (p.getType() == Presence.Type.unavailable) {
                r.formerSeats.remove(nick);
                saveSeats(r);
            }
            return Optional.empty();
        }
        Optional<Jid> real = realJid(x);
        if (p.getType() == Presence.Type.unavailable) {
            r.roster.remove(nick);
            if (x != null && x.getStatus().contains(MUCUser.Status.NEW_NICKNAME_303) && x.getItem() != null
                    && x.getItem().getNick() != null) {
                r.roster.put(x.getItem().getNick(), real);
                return Optional.of(new PlumbInbound.Presence(r.jid, nick, real,
                        PlumbInbound.Presence.Kind.NICK_CHANGED, Optional.of(x.getItem().getNick())));
            }
            return Optional.of(new PlumbInbound.Presence(r.jid, nick, real, PlumbInbound.Presence.Kind.LEFT,
                    Optional.empty()));
        }
        if (p.getType() == Presence.Type.available && !r.roster.containsKey(nick)) {
            r.roster.put(nick, real);
            return Optional.of(new PlumbInbound.Presence(r.jid, nick, real, PlumbInbound.Presence.Kind.JOINED,
                    Optional.empty()));
        }
        return Optional.empty();
    }

    private Optional<PlumbInbound> ownPresence(Room r, Occupant self, Presence p, MUCUser x, Resourcepart nick) {
        boolean isListener = self == r.listener;
        if (p.getType() == Presence.Type.available) {
            if (self.state == Occupant.State.JOINING && x != null
                    && x.getStatus().contains(MUCUser.Status.ROOM_CREATED_201)) {
                // Our join created the room: the room we were to plumb does not exist (any more). Leave the
                // new, locked room again rather than own a stray one.
                send.apply(StanzaBuilder.buildPresence().ofType(Presence.Type.unavailable).from(self.jid)
                        .to(occupantJid(r.jid, nick)).build());
                fail(self, new GatewayException(Reason.NOT_FOUND, r.jid + " does not exist"));
                return Optional.empty();
            }
            self.nick = nick;
            if (!isListener && nick != null) {
                r.pastNicks.add(nick);
            }
            if (isListener && self.state == Occupant.State.JOINING) {
                // The room listed its occupants before this presence: a former seat not among them is gone.
                r.formerSeats.retainAll(r.formerSeatsPresent);
                r.formerSeatsPresent.clear();
                saveSeats(r);
            } else if (!isListener && (r.formerSeats.remove(nick) || self.state == Occupant.State.JOINING)) {
                saveSeats(r);
            }
            if (self.state == Occupant.State.JOINING) {
                cancelJoinTimer(self);
                self.state = Occupant.State.JOINED;
                self.rejoinedAfterKick = false;
                Promise<Void> joined = self.joining;
                self.joining = null;
                joined.tryComplete();
            }
            return Optional.empty();
        }
        if (p.getType() != Presence.Type.unavailable) {
            return Optional.empty();
        }
        Destroy destroy = x == null ? null : x.getDestroy();
        if (destroy != null) {
            abandonJoin(self, r.jid + " was destroyed");
            if (!isListener) {
                return Optional.empty();
            }
            forget(r, "the room was destroyed");
            return Optional.of(new PlumbInbound.Destroyed(r.jid, Optional.ofNullable(destroy.getJid()),
                    Optional.ofNullable(destroy.getReason()).filter(s -> !s.isBlank())));
        }
        java.util.Set<MUCUser.Status> status = x == null ? java.util.Set.of() : x.getStatus();
        Optional<String> reason = Optional.ofNullable(x == null || x.getItem() == null ? null : x.getItem().getReason())
                .filter(s -> !s.isBlank());
        if (status.contains(MUCUser.Status.NEW_NICKNAME_303)) {
            if (x.getItem() != null && x.getItem().getNick() != null) {
                self.nick = x.getItem().getNick();
                saveSeats(r);
            }
            return Optional.empty();
        }
        if (status.contains(MUCUser.Status.BANNED_301)) {
            abandonJoin(self, self.jid + " was banned");
            self.state = Occupant.State.BANNED;
            saveSeats(r);
            return Optional.of(new PlumbInbound.GhostRemoved(r.jid, self.jid, true, reason));
        }
        abandonJoin(self, self.jid + " left " + r.jid);
        if (!isListener) {
            saveSeats(r);
        }
        if (status.contains(MUCUser.Status.KICKED_307)) {
            if (!self.rejoinedAfterKick) {
                self.rejoinedAfterKick = true;
                rejoinLater(r.jid, self);
            }
            return Optional.of(new PlumbInbound.GhostRemoved(r.jid, self.jid, false, reason));
        }
        // Removed for another reason (room shutting down 332, membership 321/322) or our own leave: a listener
        // comes back later; a ghost rejoins when it next speaks.
        if (isListener) {
            rejoinLater(r.jid, self);
        }
        return Optional.empty();
    }

    /**
     * Stores the nicks our ghosts hold in {@code r} now (and those of before a restart still there), after any
     * write for the room already under way. Called with the lock held.
     */
    private void saveSeats(Room r) {
        Set<Resourcepart> nicks = new java.util.HashSet<>(r.formerSeats);
        for (Occupant o : r.ghosts.values()) {
            if (o.state == Occupant.State.JOINED || o.state == Occupant.State.JOINING) {
                nicks.add(o.nick);
            }
        }
        if (nicks.equals(r.savedSeats)) {
            return;
        }
        r.savedSeats = nicks;
        r.seatsWritten = r.seatsWritten.eventually(() -> seats.put(r.jid, nicks)).onFailure(e ->
                LOG.warn("Could not store the nicks of our occupants in {}: {}", r.jid, e.toString()));
    }

    private void rejoinLater(EntityBareJid room, Occupant o) {
        vertx.setTimer(settings.rejoinDelay().toMillis(), id -> {
            synchronized (this) {
                Room r = rooms.get(room);
                if (r == null || r.occupant(o.jid) != o || o.state != Occupant.State.ABSENT) {
                    return;
                }
                Future<Void> joined = join(r, o);
                if (o == r.listener) {
                    joined.onSuccess(v -> archive.start(room));
                }
                joined.onFailure(t -> LOG.warn("{} could not rejoin {}: {}", o.jid, room, t.getMessage()));
            }
        });
    }

    private void joinRefused(Room r, Occupant self, StanzaError error) {
        if (self.state != Occupant.State.JOINING) {
            return;
        }
        StanzaError.Condition c = error == null ? StanzaError.Condition.undefined_condition : error.getCondition();
        if (c == StanzaError.Condition.conflict && self.conflicts + 1 < MAX_NICK_CONFLICTS) {
            self.conflicts++;
            sendJoin(r, self);
            return;
        }
        Reason reason = c == StanzaError.Condition.item_not_found ? Reason.NOT_FOUND
                : c == StanzaError.Condition.remote_server_not_found || c == StanzaError.Condition.remote_server_timeout
                        || c == StanzaError.Condition.resource_constraint
                        || c == StanzaError.Condition.service_unavailable ? Reason.TRANSIENT : Reason.PERMANENT;
        fail(self, new GatewayException(reason, r.jid + " refused " + self.jid + " as '" + self.nick + "': " + c));
    }

    private void forget(Room r, String why) {
        rooms.remove(r.jid);
        for (Occupant o : r.ghosts.values()) {
            abandonJoin(o, why);
        }
        abandonJoin(r.listener, why);
        failPending(r.jid, Reason.NOT_FOUND, why);
    }

    // ---- messages ----

    private Optional<PlumbInbound> message(Room r, Message m) {
        Occupant to = r.occupant(m.getTo());
        if (to == null) {
            return Optional.empty();
        }
        if (m.getType() == Message.Type.error) {
            sendRefused(r, to, m);
            return Optional.empty();
        }
        MamResultExtension archived = MamResultExtension.from(m);
        if (archived != null) {
            return archived(r, to, archived);
        }
        if (m.getType() != Message.Type.groupchat) {
            return Optional.empty();
        }
        if (m.getBody() != null && DelayInformation.from(m) != null && m.getFrom().getResourceOrNull() != null) {
            // Room history, which we never ask for (ejabberd 23.01 sends some on a rejoin all the same): what
            // the gateway missed comes from the archive, in order and deduplicated, not from here.
            return Optional.empty();
        }
        StanzaIdElement sid = StanzaIdElement.getStanzaId(m);
        String stanzaId = sid != null && r.jid.toString().equals(sid.getBy()) ? sid.getId() : null;
        return groupchat(r, to == r.listener, m, stanzaId, clock.instant(), false);
    }

    private Optional<PlumbInbound> groupchat(Room r, boolean listenerCopy, Message m, String stanzaId, Instant at,
            boolean fromArchive) {
        Resourcepart nick = m.getFrom().getResourceOrNull();
        if (nick == null) {
            return fromRoom(r, listenerCopy, m, stanzaId);
        }
        if (!listenerCopy) {
            // A ghost's copy (the room sends one to each occupant) only confirms one of our sends still waiting
            // for its reflection: the listener's copy does the rest, without a walk over every ghost per copy.
            OriginIdElement origin = OriginIdElement.getOriginId(m);
            if (origin != null && pending.containsKey(r.jid + "\n" + origin.getId())) {
                reflection(r, m, stanzaId);
            }
            return Optional.empty();
        }
        if (isOurs(r, nick, m, fromArchive)) {
            reflection(r, m, stanzaId);
            if (stanzaId != null && (fromArchive || !r.catchingUp)) {
                r.seen.put(stanzaId, true);
                // The cursor may pass it only once what came before it is durable: the connector moves it.
                return Optional.of(new PlumbInbound.Taken(r.jid, stanzaId));
            }
            return Optional.empty();
        }
        if (m.getSubject() != null && m.getBody() == null) {
            return subject(r, Optional.of(nick), m.getSubject());
        }
        if (!fromArchive && r.catchingUp && stanzaId != null) {
            if (!r.seen.containsKey(stanzaId)) {
                r.heldBack.add(stanzaId);
            }
            return Optional.empty();
        }
        // The archive cursor passes this message once the router has made it durable (advanceCursor): a cursor
        // moved on receipt would skip it for good if the gateway died before that.
        if (stanzaId != null && r.seen.put(stanzaId, true) != null) {
            return Optional.empty();
        }
        Optional<Jid> real = r.roster.getOrDefault(nick, Optional.empty());
        if (real.isEmpty()) {
            real = realJid(MUCUser.from(m));
        }
        Instant sentAt = at;
        DelayInformation delay = DelayInformation.from(m);
        if (delay != null && delay.getStamp() != null) {
            sentAt = delay.getStamp().toInstant();
        }
        return Optional.of(new PlumbInbound.Message(r.jid, nick, real, Optional.ofNullable(stanzaId), m, sentAt,
                fromArchive));
    }

    /** A message from the room's bare JID: a moderation, a subject set by the room, or a status notice. */
    private Optional<PlumbInbound> fromRoom(Room r, boolean listenerCopy, Message m, String stanzaId) {
        if (!listenerCopy) {
            return Optional.empty();
        }
        if (stanzaId != null) {
            archive.advance(r, stanzaId);
            if (r.seen.put(stanzaId, true) != null) {
                return Optional.empty();
            }
        }
        Optional<Moderation> moderation = Moderation.from(m);
        if (moderation.isPresent()) {
            Moderation md = moderation.get();
            return Optional.of(new PlumbInbound.Moderated(r.jid, md.target(), md.moderator(), md.reason()));
        }
        if (m.getSubject() != null && m.getBody() == null) {
            return subject(r, Optional.empty(), m.getSubject());
        }
        return Optional.empty();
    }

    private Optional<PlumbInbound> subject(Room r, Optional<Resourcepart> nick, String subject) {
        // Rooms send their subject to every joiner: only a change counts.
        if (subject.equals(r.subject)) {
            return Optional.empty();
        }
        r.subject = subject;
        return Optional.of(new PlumbInbound.Subject(r.jid, nick, subject));
    }

    private boolean isOurs(Room r, Resourcepart nick, Message m, boolean fromArchive) {
        // A nick a ghost held before a restart (and still holds) is ours too: the archive read after the restart
        // holds that ghost's messages before it speaks again, and they must not come back as someone else's. In
        // the archive, so is any nick a ghost held before it took another.
        if (r.ours(nick) || r.formerSeats.contains(nick) || fromArchive && r.pastNicks.contains(nick)) {
            return true;
        }
        OriginIdElement origin = OriginIdElement.getOriginId(m);
        if (origin != null && (pending.containsKey(r.jid + "\n" + origin.getId())
                || r.reflected.containsKey(origin.getId()))) {
            return true;
        }
        // After a restart the archive holds our ghosts' messages under nicks we no longer know.
        Optional<Jid> real = realJid(MUCUser.from(m));
        return real.isPresent() && real.get().getDomain().equals(listenerJid.getDomain());
    }

    private void reflection(Room r, Message m, String stanzaId) {
        OriginIdElement origin = OriginIdElement.getOriginId(m);
        if (origin == null) {
            return;
        }
        String originId = origin.getId();
        String first = r.reflected.get(originId);
        if (first == null) {
            r.reflected.put(originId, stanzaId == null ? "" : stanzaId);
        } else if (stanzaId != null && !first.equals(stanzaId) && r.seen.put(stanzaId, true) == null) {
            duplicateReflections++;
            LOG.info("{} took the message with origin-id {} twice (stanza-ids {} and {})", r.jid, originId, first,
                    stanzaId);
        }
        Pending p = pending.remove(r.jid + "\n" + originId);
        if (p != null) {
            vertx.cancelTimer(p.timer);
            Resourcepart nick = m.getFrom().getResourceOrNull();
            p.promise.tryComplete(new PendingSend(r.jid, nick, originId, Optional.ofNullable(stanzaId)));
        }
    }

    /** An error bounced back for a ghost's message: not in the room (any more), or refused. */
    private void sendRefused(Room r, Occupant o, Message error) {
        StanzaError e = error.getError();
        StanzaError.Condition c = e == null ? StanzaError.Condition.undefined_condition : e.getCondition();
        if (c == StanzaError.Condition.not_acceptable || c == StanzaError.Condition.item_not_found) {
            o.state = Occupant.State.ABSENT;
        }
        OriginIdElement origin = OriginIdElement.getOriginId(error);
        Reason reason = c == StanzaError.Condition.forbidden || c == StanzaError.Condition.not_allowed
                ? Reason.PERMANENT : Reason.TRANSIENT;
        for (Map.Entry<String, Pending> entry : List.copyOf(pending.entrySet())) {
            Pending p = entry.getValue();
            if (p.room.equals(r.jid) && p.ghost.equals(o.jid)
                    && (origin == null || origin.getId().equals(p.originId))) {
                pending.remove(entry.getKey());
                vertx.cancelTimer(p.timer);
                p.promise.tryFail(new GatewayException(reason, r.jid + " refused the message of " + o.jid + ": " + c));
            }
        }
    }

    private void failPending(EntityBareJid room, Reason reason, String why) {
        for (Map.Entry<String, Pending> entry : List.copyOf(pending.entrySet())) {
            if (entry.getValue().room.equals(room)) {
                pending.remove(entry.getKey());
                vertx.cancelTimer(entry.getValue().timer);
                entry.getValue().promise.tryFail(new GatewayException(reason, why));
            }
        }
    }

    private Optional<Jid> realJid(MUCUser x) {
        MUCItem item = x == null ? null : x.getItem();
        return Optional.ofNullable(item == null ? null : item.getJid());
    }

    // ---- the archive ----

    private Optional<PlumbInbound> archived(Room r, Occupant to, MamResultExtension result) {
        if (to != r.listener || r.queryId == null || !r.queryId.equals(result.getQueryId())) {
            return Optional.empty();
        }
        Forwarded<Message> forwarded = result.getForwarded();
        Message m = forwarded == null ? null : forwarded.getForwardedStanza();
        if (m == null || m.getFrom() == null || !r.jid.equals(m.getFrom().asEntityBareJidIfPossible())) {
            return Optional.empty();
        }
        r.archivePosition = result.getId();
        Instant at = forwarded.getDelayInformation() != null && forwarded.getDelayInformation().getStamp() != null
                ? forwarded.getDelayInformation().getStamp().toInstant() : clock.instant();
        return groupchat(r, true, m, result.getId(), at, true);
    }

    // ---- iq: answers to our requests, self-pings ----

    private Optional<PlumbInbound> handleIq(IQ iq) {
        Consumer<IQ> waiter;
        synchronized (this) {
            if (iq.getType() == IQ.Type.get && iq instanceof Ping) {
                answerPing(iq);
                return Optional.empty();
            }
            if (iq.getType() != IQ.Type.result && iq.getType() != IQ.Type.error) {
                return Optional.empty();
            }
            waiter = awaitedIqs.remove(iq.getStanzaId());
        }
        if (waiter != null) {
            waiter.accept(iq);
        }
        return Optional.empty();
    }

    /** A room forwarding our own self-ping to us (servers that do not answer XEP-0410 pings themselves). */
    private void answerPing(IQ ping) {
        Room r = rooms.get(ping.getFrom().asEntityBareJidIfPossible());
        if (r == null || r.occupant(ping.getTo()) == null) {
            return;
        }
        send.apply(IQ.createResultIQ(ping));
    }

    private void selfPing() {
        List<Runnable> pings = new ArrayList<>();
        synchronized (this) {
            for (Room r : rooms.values()) {
                List<Occupant> all = new ArrayList<>(r.ghosts.values());
                all.add(r.listener);
                for (Occupant o : all) {
                    if (o.state == Occupant.State.JOINED) {
                        pings.add(() -> selfPings.ping(r.jid, o));
                    }
                }
            }
        }
        pings.forEach(Runnable::run);
    }

    /** A self-ping found {@code o} out of {@code room}: rejoin it now. */
    private synchronized void notJoined(EntityBareJid room, Occupant o, StanzaError.Condition c) {
        Room r = rooms.get(room);
        if (r == null || r.occupant(o.jid) != o || o.state != Occupant.State.JOINED) {
            return;
        }
        LOG.info("{} is no longer an occupant of {} ({}); rejoining", o.jid, room, c);
        o.state = Occupant.State.ABSENT;
        Future<Void> joined = join(r, o);
        if (o == r.listener) {
            joined.onSuccess(v -> archive.start(room));
        }
    }

    static EntityFullJid occupantJid(EntityBareJid room, Resourcepart nick) {
        return JidCreate.entityFullFrom(room, nick);
    }

    private static Resourcepart nick(String text, String what) {
        try {
            return Resourcepart.from(text);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a valid nick: " + e.getMessage(), e);
        }
    }

    private record Pending(EntityBareJid room, Jid ghost, Resourcepart nick, String originId,
            Promise<PendingSend> promise, long timer) {}
}
