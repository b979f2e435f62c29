package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.identity.Identities;
import dev.passerelle.connector.xmpp.muc.HostedRooms;
import dev.passerelle.connector.xmpp.muc.RoomInbound;
import dev.passerelle.connector.xmpp.translate.InboundResult;
import dev.passerelle.connector.xmpp.translate.XmppIds;
import dev.passerelle.connector.xmpp.translate.XmppToCanonical;
import dev.passerelle.connector.xmpp.upload.IqCorrelator;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.store.EventRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives from the XMPP server: stanzas from plumbed rooms go to {@link Plumbing}; the rest is routed by its
 * {@code to}: replies to the connector's own requests complete them ({@link IqCorrelator}); disco, vCard, ping
 * and presence subscriptions for the domain and its ghosts go to {@link Identities}; portal rooms on the component
 * domain go through {@link HostedRooms}; ghost JIDs (one-to-one chats with users of other networks) are
 * translated directly. Every
 * event goes to the router in arrival order. Runs on the connector's context; translation and store lookups run on
 * workers, one after the other, and their results are handed on in arrival order too: a result is never handed on
 * before the results of the stanzas that arrived before it, however the workers' completions are scheduled.
 *
 * <p>Addresses: the sender is always the XMPP user's real bare JID; the conversation is the portal's JID in a hosted
 * room and the user's bare JID one to one (an operator's link joins that address to the remote direct chat).
 * A stanza whose {@code from} claims the component domain comes from outside (the server routes only what users
 * send to the component): it is spoofed, dropped, counted (in {@code passerelle.xmpp.stanzas.spoofed} and in
 * {@code passerelle.access.refused{surface=xmpp,reason=ghost_claimed}}) and answered with {@code forbidden}.
 */
final class Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);
    private static final String PING_NS = "urn:xmpp:ping";

    /** Runs translation work off the event loop, one piece after the other in the order given. */
    private final Function<Callable<Translation>, Future<Translation>> worker;
    private final String domain;
    private final GhostNaming ghosts;
    private final Portals portals;
    private final HostedRooms rooms;
    private final XmppToCanonical translator;
    private final StoreRefs refs;
    private final EventSink events;
    private final Function<Stanza, Future<Void>> send;
    private final RateLimiter limiter;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final AccessRefusals refusals;
    private final Plumbing plumbing;
    private final Identities identities;
    private final IqCorrelator iqs;
    /** Stanzas for a JID that is being looked up wait here, in order, for the lookup. */
    private final Map<String, Future<Boolean>> lookups = new HashMap<>();
    /** Results are handed on in arrival order. */
    private final InOrder inOrder = new InOrder();

    Inbound(Function<Callable<Translation>, Future<Translation>> worker, String domain, GhostNaming ghosts,
            Portals portals, HostedRooms rooms, XmppToCanonical translator, StoreRefs refs, EventSink events,
            Function<Stanza, Future<Void>> send, RateLimiter limiter, Clock clock, MeterRegistry metrics,
            Plumbing plumbing, Identities identities, IqCorrelator iqs) {
        this.worker = worker;
        this.domain = domain;
        this.ghosts = ghosts;
        this.portals = portals;
        this.rooms = rooms;
        this.translator = translator;
        this.refs = refs;
        this.events = events;
        this.send = send;
        this.limiter = limiter;
        this.clock = clock;
        this.metrics = metrics;
        this.refusals = new AccessRefusals(metrics);
        this.plumbing = plumbing;
        this.identities = identities;
        this.iqs = iqs;
    }

    /** Handles one stanza from the server; on the connector's context. */
    void stanza(Stanza stanza) {
        if (stanza.getFrom() == null) {
            drop(stanza, "no sender");
            return;
        }
        if (iqs.accept(stanza)) {
            // The reply to a request of the connector's own (upload discovery, slots): matched by id and sender.
            return;
        }
        String fromDomain = stanza.getFrom().getDomain().toString().toLowerCase(Locale.ROOT);
        if (fromDomain.equals(domain) && ErrorStanzas.isErrorOrResult(stanza)) {
            // The server routing back a reply the component sent to its own domain (a ping's second answer).
            drop(stanza, "a reply from the component's own domain");
            return;
        }
        if (fromDomain.equals(domain) || fromDomain.endsWith("." + domain)) {
            metrics.counter("passerelle.xmpp.stanzas.spoofed", "component", domain).increment();
            refusals.refused(AccessRefusals.Surface.XMPP, "ghost_claimed", stanza.getFrom().toString(),
                    "a stanza claiming the component's domain " + domain + " came from outside: "
                            + abbreviated(stanza));
            reply(stanza, Condition.forbidden, "a stanza from the gateway's own domain cannot come from outside");
            return;
        }
        if (plumbing.rooms().concerns(stanza)) {
            plumbing.rooms().handle(stanza).ifPresent(plumbing::handle);
            return;
        }
        if (asksIdentities(stanza)) {
            // Requests count against the sender's rate like messages: each may cost a store lookup or a fetch.
            if (!allowed(stanza, Jid.parse(stanza.getFrom().asBareJid().toString()))) {
                return;
            }
            if (identities.handle(stanza)) {
                return;
            }
        }
        org.jxmpp.jid.Jid to = stanza.getTo();
        if (to == null || to.getLocalpartOrNull() == null) {
            toDomain(stanza);
            return;
        }
        Jid bare;
        try {
            bare = Jid.parse(to.asBareJid().toString());
        } catch (RuntimeException unparsable) {
            reply(stanza, Condition.jid_malformed, "not a JID of this gateway");
            return;
        }
        if (portals.isKnown(bare)) {
            hosted(stanza);
        } else if (portals.looksLikePortal(bare)) {
            String key = bare.toString();
            Future<Boolean> before = lookups.get(key);
            Future<Boolean> lookup = before != null ? before : portals.lookUp(bare);
            lookups.put(key, lookup);
            lookup.onComplete(ar -> {
                if (lookups.get(key) == lookup) {
                    lookups.remove(key);
                }
                // A portal without a link is still handed to the rooms: they answer item-not-found.
                hosted(stanza);
            });
        } else if (ghosts.realFor(bare).isPresent()) {
            direct(stanza, bare);
        } else {
            reply(stanza, Condition.item_not_found, "no such user or room on this gateway");
        }
    }

    // ---- the component domain itself ----

    private void toDomain(Stanza stanza) {
        if (stanza instanceof IQ iq && iq.getType() == IQ.Type.get && PING_NS.equals(iq.getChildElementNamespace())) {
            send.apply(IQ.createResultIQ(iq));
            return;
        }
        if (stanza instanceof Presence) {
            return;
        }
        reply(stanza, Condition.service_unavailable, null);
    }

    /**
     * Whether {@code stanza} is something {@link Identities} may answer: a request (IQ get or set) or presence
     * subscription traffic, to the component domain or a JID on it. Disco of the domain is answered there only.
     */
    private boolean asksIdentities(Stanza stanza) {
        org.jxmpp.jid.Jid to = stanza.getTo();
        if (to == null || !to.getDomain().toString().equalsIgnoreCase(domain)) {
            return false;
        }
        if (stanza instanceof IQ iq) {
            return iq.getType() == IQ.Type.get || iq.getType() == IQ.Type.set;
        }
        if (stanza instanceof Presence p) {
            Presence.Type type = p.getType();
            return type == Presence.Type.subscribe || type == Presence.Type.subscribed
                    || type == Presence.Type.unsubscribe || type == Presence.Type.unsubscribed
                    || type == Presence.Type.probe;
        }
        return false;
    }

    // ---- one to one with a ghost ----

    private void direct(Stanza stanza, Jid ghost) {
        Jid user = Jid.parse(stanza.getFrom().asBareJid().toString());
        if (stanza instanceof Message message) {
            if (message.getType() == Message.Type.error || message.getType() == Message.Type.headline) {
                return;
            }
            if (message.getType() == Message.Type.groupchat) {
                reply(stanza, Condition.bad_request, ghost + " is a user, not a room");
                return;
            }
            if (!allowed(stanza, user)) {
                return;
            }
            String id = xmppId(message);
            // A client may send an origin-id other than its message id; corrections quote the message id.
            Optional<String> own = Optional.ofNullable(message.getStanzaId())
                    .filter(i -> !i.isEmpty() && !i.equals(id));
            translate(stanza, () -> translator.translate(message, user, user, id), own);
        } else if (stanza instanceof Presence presence) {
            if (presence.getType() == Presence.Type.available || presence.getType() == Presence.Type.unavailable) {
                translate(stanza, () -> translator.presence(presence, user), Optional.empty());
            }
        } else if (stanza instanceof IQ iq) {
            if (iq.getType() == IQ.Type.get && PING_NS.equals(iq.getChildElementNamespace())) {
                send.apply(IQ.createResultIQ(iq));
            } else {
                reply(stanza, Condition.service_unavailable, null);
            }
        }
    }

    // ---- hosted portal rooms ----

    private void hosted(Stanza stanza) {
        if (stanza instanceof Message m && m.getType() == Message.Type.groupchat) {
            Jid user = Jid.parse(stanza.getFrom().asBareJid().toString());
            if (!allowed(stanza, user)) {
                return;
            }
        }
        Optional<RoomInbound> happened = rooms.handle(stanza);
        happened.ifPresent(this::roomEvent);
    }

    private void roomEvent(RoomInbound inbound) {
        Jid portal = Jid.parse(inbound.room().toString());
        Jid user = Jid.parse(inbound.occupant().asBareJid().toString());
        Origin origin = new Origin(Network.XMPP, XmppIds.nativeId(portal, "~" + UUID.randomUUID()));
        if (inbound instanceof RoomInbound.Message m) {
            Optional<String> messageId = Optional.ofNullable(m.message().getStanzaId());
            translate(m.message(), () -> translator.translate(m.message(), portal, user, m.stanzaId()), messageId);
        } else if (inbound instanceof RoomInbound.Joined) {
            submitInTurn(List.of(new MembershipChanged(EventId.random(), origin, user, portal, clock.instant(), user,
                    MembershipChanged.Membership.JOIN, Optional.empty())));
        } else if (inbound instanceof RoomInbound.Left) {
            submitInTurn(List.of(new MembershipChanged(EventId.random(), origin, user, portal, clock.instant(), user,
                    MembershipChanged.Membership.LEAVE, Optional.empty())));
        } else if (inbound instanceof RoomInbound.NickChanged n) {
            // A nick is the user's name in this room only: the profile change is scoped to the portal.
            submitInTurn(List.of(new ProfileChanged(EventId.random(), origin, user, portal, clock.instant(),
                    Optional.of(n.newNick().toString()), Optional.empty())));
        } else if (inbound instanceof RoomInbound.Subject s) {
            submitInTurn(List.of(new RoomMetadataChanged(EventId.random(), origin, user, portal, clock.instant(),
                    Optional.empty(), Optional.of(s.subject()), Optional.empty())));
        } else if (inbound instanceof RoomInbound.Moderation mod) {
            MembershipChanged.Membership what = mod.action() == dev.passerelle.connector.xmpp.muc.Departure.BANNED
                    ? MembershipChanged.Membership.BAN : MembershipChanged.Membership.KICK;
            submitInTurn(List.of(new MembershipChanged(EventId.random(), origin, user, portal, clock.instant(),
                    mod.target(), what, mod.reason())));
        }
    }

    // ---- shared steps ----

    /**
     * Translates on a worker (ordered: one stanza after the other), remembers what later stanzas need, then
     * submits. {@code messageId} is the sender's id of a room message, kept as an alias for corrections.
     */
    private void translate(Stanza stanza, java.util.function.Supplier<InboundResult> work,
            Optional<String> messageId) {
        inOrder.then(worker.apply(() -> Translation.of(work.get(), refs,
                e -> e instanceof MessageSent ? messageId : Optional.empty())), ar -> {
            if (ar.failed()) {
                LOG.warn("Could not translate a stanza from {}: {}", stanza.getFrom(), ar.cause().toString());
                reply(stanza, Condition.internal_server_error, "the gateway could not process this stanza");
                return;
            }
            InboundResult result = ar.result().result();
            if (result instanceof InboundResult.Translated t) {
                // The router refuses only when the journal cannot take it (its database down): the sender is told,
                // as XMPP would not send the stanza again by itself.
                submit(t.events(), ar.result().records()).onFailure(refused -> reply(stanza,
                        Condition.internal_server_error, "the gateway could not take this message now; send it again"));
                return;
            }
            InboundResult.Ignored ignored = (InboundResult.Ignored) result;
            metrics.counter("passerelle.xmpp.stanzas.ignored", "component", domain, "reason",
                    ignored.reason().label()).increment();
            if (ignored.reason() == InboundResult.Reason.MALFORMED) {
                reply(stanza, Condition.bad_request, ignored.detail());
            } else if (ignored.reason() == InboundResult.Reason.TOO_LARGE) {
                reply(stanza, Condition.policy_violation, ignored.detail());
            }
        });
    }

    /**
     * Runs {@code step} on the result of {@code ready} once every step queued before it has run. Vert.x runs a
     * callback added to an already completed future at once, ahead of the callbacks of earlier futures still waiting
     * for their turn on the event loop: a busy event loop would otherwise let a stanza overtake those before it.
     */
    private void submitInTurn(List<Event> list) {
        inOrder.then(Future.succeededFuture(), ar -> submit(list));
    }

    private void submit(List<Event> list) {
        submit(list, Collections.nCopies(list.size(), EventRecords.NONE));
    }

    /** A translation with what to keep about each of its events, written by the journal with them. */
    record Translation(InboundResult result, List<EventRecords> records) {
        Translation {
            records = List.copyOf(records);
        }

        /**
         * Remembers what later stanzas need of each translated event (reaction sets, written now) and collects what
         * the journal keeps with it; {@code messageIdOf} gives the sender's message id to keep as an alias, if any.
         */
        static Translation of(InboundResult result, StoreRefs refs, Function<Event, Optional<String>> messageIdOf) {
            List<EventRecords> kept = new ArrayList<>();
            if (result instanceof InboundResult.Translated t) {
                for (Event e : t.events()) {
                    refs.remember(e);
                    kept.add(refs.records(e, messageIdOf.apply(e)));
                }
            }
            return new Translation(result, kept);
        }
    }

    private Future<List<EventSink.Accepted>> submit(List<Event> list, List<EventRecords> records) {
        return events.submitAll(list, records).onFailure(t -> LOG.warn("The router did not take {} event(s) from XMPP: {}",
                list.size(), t.toString()));
    }

    private boolean allowed(Stanza stanza, Jid user) {
        if (limiter.allow(user.toString())) {
            return true;
        }
        metrics.counter("passerelle.xmpp.stanzas.limited", "component", domain).increment();
        reply(stanza, Condition.resource_constraint, "too many messages; slow down");
        return false;
    }

    /** The id others quote for a one-to-one message: its origin-id, else its id, else one made up here. */
    private static String xmppId(Message message) {
        OriginIdElement origin = OriginIdElement.getOriginId(message);
        if (origin != null && origin.getId() != null && !origin.getId().isEmpty()) {
            return origin.getId();
        }
        String id = message.getStanzaId();
        return id == null || id.isEmpty() ? "~" + UUID.randomUUID() : id;
    }

    private static String abbreviated(Stanza stanza) {
        String xml = stanza.toXML().toString();
        return xml.length() > 300 ? xml.substring(0, 300) + "..." : xml;
    }

    private void drop(Stanza stanza, String why) {
        metrics.counter("passerelle.xmpp.stanzas.dropped", "component", domain).increment();
        LOG.debug("Dropped a stanza ({}): {}", why, stanza);
    }

    private void reply(Stanza stanza, Condition condition, String text) {
        ErrorStanzas.answer(stanza, condition, text).ifPresent(send::apply);
    }
}
