package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.plumb.PlumbInbound;
import dev.passerelle.connector.xmpp.plumb.PlumbedRooms;
import dev.passerelle.connector.xmpp.translate.InboundResult;
import dev.passerelle.connector.xmpp.translate.XmppIds;
import dev.passerelle.connector.xmpp.translate.XmppToCanonical;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.store.EventRecords;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.LinkStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plumbed MUCs on the connector's side: turns what {@link PlumbedRooms} hands up into canonical events (in
 * arrival order, translation on ordered workers) and sends deliveries into those rooms from the sender's ghost.
 *
 * <p>In a plumbed room the conversation is the room's bare JID; the sender is the occupant's real bare JID when
 * the room shows it (non-anonymous rooms), else its occupant JID {@code room/nick}.
 */
final class Plumbing {
    private static final Logger LOG = LoggerFactory.getLogger(Plumbing.class);

    private final Vertx vertx;
    private final String domain;
    private final PlumbedRooms rooms;
    private final XmppToCanonical translator;
    private final StoreRefs refs;
    private final EventSink events;
    private final LinkStore links;
    private final Clock clock;
    /** Messages are handed to the router in the order the room sent them. */
    private final InOrder inOrder = new InOrder();
    /** A message whose translation cannot reach the store is tried again every second for up to ten minutes. */
    private static final int STORE_RETRY = 600;
    private static final long STORE_RETRY_MILLIS = 1_000;
    /**
     * The last hand-over to the router; the router makes them durable in order, so once it is, so is everything
     * handed up before. On the connector's context only.
     */
    private Future<?> submitted = Future.succeededFuture();
    /** A submission waits for the journal to come back; later ones queue behind it. */
    private boolean journalAway;
    /** The last submission being retried while the journal is unreachable; the next one retries after it. */
    private Future<?> retrying = Future.succeededFuture();

    Plumbing(Vertx vertx, String domain, PlumbedRooms rooms, XmppToCanonical translator, StoreRefs refs,
            EventSink events, LinkStore links, Clock clock) {
        this.vertx = vertx;
        this.domain = domain;
        this.rooms = rooms;
        this.translator = translator;
        this.refs = refs;
        this.events = events;
        this.links = links;
        this.clock = clock;
    }

    PlumbedRooms rooms() {
        return rooms;
    }

    /** Joins the room first if it is not plumbed yet (a link made while the gateway runs). */
    Future<Void> ensurePlumbed(EntityBareJid room) {
        return rooms.isPlumbed(room) ? Future.succeededFuture() : rooms.plumb(room);
    }

    /** Whether a message from {@code ghost} to {@code room} would be written at once: plumbed, and the ghost seated. */
    boolean seated(EntityBareJid room, org.jxmpp.jid.Jid ghost) {
        return rooms.isPlumbed(room) && rooms.isSeated(room, ghost);
    }

    /**
     * Sends a rendered message from {@code ghost}, seating it first; completes with the stanza-id the room gave
     * it (the origin-id when the room assigns none).
     */
    Future<String> send(EntityBareJid room, org.jxmpp.jid.Jid ghost, String name, Message message) {
        return send(room, ghost, name, message, () -> { });
    }

    /** As {@link #send(EntityBareJid, org.jxmpp.jid.Jid, String, Message)}; {@code onWritten} runs once it is written. */
    Future<String> send(EntityBareJid room, org.jxmpp.jid.Jid ghost, String name, Message message, Runnable onWritten) {
        return ensurePlumbed(room).compose(v -> rooms.ensureJoined(room, ghost, name))
                .compose(v -> rooms.sendAs(room, ghost, message, onWritten))
                .map(p -> p.stanzaId().orElse(p.originId()));
    }

    /** Hands up one item; on the connector's context. */
    void handle(PlumbInbound item) {
        Jid room = Jid.parse(item.room().toString());
        if (item instanceof PlumbInbound.Message m) {
            Address sender = sender(room, m.nick().toString(), m.realJid());
            if (isOurs(sender)) {
                return;
            }
            String id = m.stanzaId().orElseGet(() -> messageId(m.message()));
            Optional<String> messageId = Optional.ofNullable(m.message().getStanzaId());
            Optional<String> alias = m.stanzaId().isPresent() ? messageId : Optional.empty();
            Future<Inbound.Translation> translated = whileStoreAway(() -> vertx.executeBlocking(
                    () -> Inbound.Translation.of(translator.translate(m.message(), room, sender, id), refs, e -> alias),
                    true), STORE_RETRY);
            inOrder.then(translated, ar -> {
                if (ar.failed()) {
                    LOG.warn("Could not translate a message from plumbed room {}: {}", room, ar.cause().toString());
                }
                Future<?> durable = ar.succeeded() && ar.result().result() instanceof InboundResult.Translated t
                        ? submit(t.events(), ar.result().records()) : submitted;
                m.stanzaId().ifPresent(archiveId -> durable.onSuccess(v -> rooms.advanceCursor(m.room(), archiveId)));
            });
        } else if (item instanceof PlumbInbound.Taken taken) {
            // Past everything handed up before it, once that is durable.
            inOrder.then(Future.succeededFuture(), ar -> submitted.onSuccess(
                    v -> rooms.advanceCursor(taken.room(), taken.archiveId())));
        } else if (item instanceof PlumbInbound.Presence p) {
            Address who = sender(room, p.nick().toString(), p.realJid());
            if (isOurs(who)) {
                return;
            }
            Origin origin = origin(room);
            if (p.kind() == PlumbInbound.Presence.Kind.NICK_CHANGED) {
                submitInTurn(List.of(new ProfileChanged(EventId.random(), origin, who, room, clock.instant(),
                        p.newNick().map(Object::toString), Optional.empty())));
            } else {
                MembershipChanged.Membership what = p.kind() == PlumbInbound.Presence.Kind.JOINED
                        ? MembershipChanged.Membership.JOIN : MembershipChanged.Membership.LEAVE;
                submitInTurn(List.of(new MembershipChanged(EventId.random(), origin, who, room, clock.instant(), who,
                        what, Optional.empty())));
            }
        } else if (item instanceof PlumbInbound.Subject s) {
            Address who = s.nick().<Address>map(n -> room.withResource(n.toString())).orElse(room);
            submitInTurn(List.of(new RoomMetadataChanged(EventId.random(), origin(room), who, room, clock.instant(),
                    Optional.empty(), Optional.of(s.subject()), Optional.empty())));
        } else if (item instanceof PlumbInbound.Moderated mod) {
            Address moderator = mod.moderator().<Address>map(n -> room.withResource(n)).orElse(room);
            inOrder.then(vertx.executeBlocking(() -> refs.canonical(room, mod.target()), true), ar -> {
                if (ar.succeeded()) {
                    ar.result().ifPresent(t -> submit(List.of(new MessageRetracted(EventId.random(), origin(room),
                            moderator, room, clock.instant(), t, mod.reason()))));
                }
            });
        } else if (item instanceof PlumbInbound.Destroyed d) {
            destroyed(room, d);
        } else if (item instanceof PlumbInbound.GhostRemoved g) {
            LOG.warn("{} was {} from plumbed room {}{}", g.ghost(), g.banned() ? "banned" : "kicked", room,
                    g.reason().map(r -> ": " + r).orElse(""));
        }
    }

    /**
     * A destroyed room leaves its link: with an alternate venue the link moves there (and the venue is plumbed),
     * else the room is taken out of the link, which is deleted when fewer than two rooms remain. The link gets a
     * new id either way; deliveries already journalled for the old room fail there and are dead-lettered.
     */
    private void destroyed(Jid room, PlumbInbound.Destroyed d) {
        Optional<Jid> venue = d.alternate().map(j -> Jid.parse(j.toString()));
        rooms.unplumb(toEntity(room))
                .onFailure(t -> LOG.debug("Leaving destroyed room {}: {}", room, t.toString()));
        vertx.executeBlocking(() -> {
            Optional<Link> link = links.findByRoom(room);
            if (link.isEmpty()) {
                return Optional.<Jid>empty();
            }
            links.delete(link.get().id());
            Set<Address> remaining = new HashSet<>(link.get().rooms());
            remaining.remove(room);
            Optional<Jid> moveTo = venue.filter(v -> links.findByRoom(v).isEmpty());
            moveTo.ifPresent(remaining::add);
            if (remaining.size() >= 2) {
                links.create(new Link(LinkId.random(), link.get().kind(), remaining, clock.instant()));
            }
            return moveTo;
        }, true).onSuccess(moved -> {
            LOG.warn("Plumbed room {} was destroyed{}; {}", room, d.reason().map(r -> " (" + r + ")").orElse(""),
                    moved.map(v -> "its link moves to " + v).orElse("it is unlinked"));
            moved.ifPresent(v -> ensurePlumbed(toEntity(v))
                    .onFailure(t -> LOG.warn("Could not join the alternate venue {}: {}", v, t.toString())));
        }).onFailure(t -> LOG.error("Could not unlink destroyed room {}: {}", room, t.toString()));
    }

    private static EntityBareJid toEntity(Jid room) {
        return JidCreate.entityBareFromOrThrowUnchecked(room.bare().toString());
    }

    private Address sender(Jid room, String nick, Optional<org.jxmpp.jid.Jid> real) {
        return real.<Address>map(j -> Jid.parse(j.asBareJid().toString())).orElse(room.withResource(nick));
    }

    /** The gateway's own occupants (ghosts, the listener): their traffic is ours and never relayed back. */
    private boolean isOurs(Address address) {
        return address instanceof Jid j && j.resourcepart().isEmpty() && j.domainpart().equals(domain);
    }

    /** Submits after everything handed up before it (translations still running included). */
    private void submitInTurn(List<Event> list) {
        inOrder.then(Future.succeededFuture(), ar -> submit(list));
    }

    /**
     * Runs {@code step} again, after a pause, for as long as it fails because the store is unreachable (the message
     * waits in its place, and those after it behind it, until the database is back: XMPP would not send it again),
     * for at most {@code attemptsLeft} attempts.
     */
    private <T> Future<T> whileStoreAway(java.util.function.Supplier<Future<T>> step, int attemptsLeft) {
        return step.get().recover(e -> {
            if (!(e instanceof dev.passerelle.core.store.StoreException.Unavailable) || attemptsLeft <= 1) {
                return Future.failedFuture(e);
            }
            io.vertx.core.Promise<T> again = io.vertx.core.Promise.promise();
            vertx.setTimer(STORE_RETRY_MILLIS, id -> whileStoreAway(step, attemptsLeft - 1).onComplete(again));
            return again.future();
        });
    }

    /** Hands events to the router; the future (also kept as {@link #submitted}) completes once they are durable. */
    private Future<?> submit(List<Event> list) {
        return submit(list, Collections.nCopies(list.size(), EventRecords.NONE));
    }

    private Future<?> submit(List<Event> list, List<EventRecords> records) {
        // While the journal is unreachable, what comes later waits behind what is being retried: order is kept.
        Future<?> f = (journalAway ? submitted.transform(ar -> taken(list, records, STORE_RETRY))
                : taken(list, records, STORE_RETRY)).onFailure(t -> LOG.warn("The router did not take {} event(s)"
                        + " from a plumbed room: {}", list.size(), t.toString()));
        submitted = f;
        f.onSuccess(v -> {
            if (submitted == f) {
                journalAway = false;
            }
        });
        return f;
    }

    /**
     * Submits, and while the journal is unreachable (its database is down) submits again after a pause, for at most
     * {@code attemptsLeft} attempts: XMPP would not send the message again, so it waits in its place until then.
     */
    private Future<?> taken(List<Event> list, List<EventRecords> records, int attemptsLeft) {
        return events.submitAll(list, records).recover(e -> {
            if (!journalUnavailable(e) || attemptsLeft <= 1) {
                return Future.failedFuture(e);
            }
            journalAway = true;
            // Submissions already in flight when the journal went away fail one after another: each is retried
            // after the one that failed before it is taken, never on a timer of its own (the first timer to fire
            // once the database is back would win, and order with it).
            Future<List<EventSink.Accepted>> turn = retrying.transform(ar -> retried(list, records, attemptsLeft - 1));
            retrying = turn;
            return turn;
        });
    }

    /** Submits now, and again after a pause for as long as the journal is unreachable (at most attemptsLeft). */
    private Future<List<EventSink.Accepted>> retried(List<Event> list, List<EventRecords> records,
            int attemptsLeft) {
        return events.submitAll(list, records).recover(e -> {
            if (!journalUnavailable(e) || attemptsLeft <= 1) {
                return Future.failedFuture(e);
            }
            io.vertx.core.Promise<List<EventSink.Accepted>> again = io.vertx.core.Promise.promise();
            vertx.setTimer(STORE_RETRY_MILLIS, id -> retried(list, records, attemptsLeft - 1).onComplete(again));
            return again.future();
        });
    }

    /** The router's refusal when the journal's database is unreachable: worth submitting again. */
    static boolean journalUnavailable(Throwable e) {
        return e instanceof dev.passerelle.core.store.StoreException.Unavailable
                || e.getCause() instanceof dev.passerelle.core.store.StoreException.Unavailable;
    }

    private static Origin origin(Jid room) {
        return new Origin(Network.XMPP, XmppIds.nativeId(room, "~" + UUID.randomUUID()));
    }

    private static String messageId(Message message) {
        OriginIdElement origin = OriginIdElement.getOriginId(message);
        if (origin != null && origin.getId() != null && !origin.getId().isEmpty()) {
            return origin.getId();
        }
        return message.getStanzaId() != null ? message.getStanzaId() : "~" + UUID.randomUUID();
    }
}
