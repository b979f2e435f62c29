package dev.passerelle.connector.xmpp.identity;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what XMPP entities ask the component about itself and its ghosts, and keeps XMPP users' rosters up to
 * date with the ghosts' presence.
 *
 * <p>Disco identities (XEP-0030 registry): the domain is {@code conference/text}, because what users find there
 * is the portal rooms it hosts; the registry's {@code gateway} types each name one legacy network, and this
 * component speaks for several at once, so none of them is true. A ghost is {@code account/registered}: to XMPP
 * it is an ordinary account on the component's domain. Disco and ping are answered for every JID the naming
 * scheme calls a ghost (any such JID is reachable); the vCard only for ghosts the gateway knows.
 *
 * <p>Subscriptions (RFC 6121, the ghost acting as the contact): {@code subscribe} is approved at once with
 * {@code subscribed} followed by the ghost's current presence; {@code probe} from a subscriber gets the current
 * presence and from anyone else {@code unsubscribed}; {@code unsubscribe} gets {@code unsubscribed} and
 * {@code unavailable}. Ghosts do not subscribe back: the gateway does not need the users' presence for this.
 *
 * <p>Presence fan-out is coalesced and rate-limited by {@link PresenceLimits}; what waits goes out on
 * {@link #flush()}, which the connector calls periodically (every 100 ms is plenty). Every method runs on the
 * connector's Vert.x context: the class is not thread-safe.
 */
public final class Identities {
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    static final String PING = "urn:xmpp:ping";
    static final String VCARD = "vcard-temp";
    static final String MUC = "http://jabber.org/protocol/muc";
    static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    /** Shown by clients browsing the server's services. */
    static final String SERVICE_NAME = "Passerelle gateway";

    private static final Logger LOG = LoggerFactory.getLogger(Identities.class);

    private final Function<Stanza, Future<Void>> send;
    private final DomainBareJid domain;
    private final GhostDirectory directory;
    private final Subscriptions subscriptions;
    private final PresenceThrottle throttle;
    /** The latest presence of each ghost that reported one; sent on subscribe, probe and release. */
    private final Map<EntityBareJid, PresenceInfo> current = new HashMap<>();

    public Identities(Function<Stanza, Future<Void>> send, String componentDomain, GhostDirectory directory,
            Subscriptions subscriptions, Clock clock) {
        this(send, componentDomain, directory, subscriptions, PresenceLimits.defaults(), clock);
    }

    public Identities(Function<Stanza, Future<Void>> send, String componentDomain, GhostDirectory directory,
            Subscriptions subscriptions, PresenceLimits limits, Clock clock) {
        if (send == null || directory == null || subscriptions == null || limits == null || clock == null) {
            throw new IllegalArgumentException("send, directory, subscriptions, limits and clock are required");
        }
        if (componentDomain == null || componentDomain.isBlank() || componentDomain.contains("@")
                || componentDomain.contains("/")) {
            throw new IllegalArgumentException("componentDomain must be a domain such as gw.example.org, was "
                    + componentDomain);
        }
        try {
            this.domain = JidCreate.domainBareFrom(componentDomain);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("componentDomain must be a domain such as gw.example.org, was "
                    + componentDomain, e);
        }
        this.send = send;
        this.directory = directory;
        this.subscriptions = subscriptions;
        this.throttle = new PresenceThrottle(limits, clock);
    }

    /**
     * Takes the stanzas this class answers: disco, vCard and ping requests to the domain or a ghost, and presence
     * subscription traffic to a ghost. Returns false for anything else, which the caller handles. The answer is
     * sent asynchronously.
     */
    public boolean handle(Stanza stanza) {
        Jid to = stanza.getTo();
        if (to == null || stanza.getFrom() == null || !to.getDomain().equals(domain)) {
            return false;
        }
        if (stanza instanceof IQ) {
            return handleIq((IQ) stanza, to);
        }
        if (stanza instanceof Presence) {
            return handlePresence((Presence) stanza, to);
        }
        return false;
    }

    /**
     * Records {@code ghost}'s new presence and sends it to its subscribers, now or, if the ghost changed within
     * the window or the rate is exhausted, on a later {@link #flush()} with whatever is latest then. Completes
     * when what was due now has been sent (at once if the presence waits).
     */
    public Future<Void> presenceChanged(EntityBareJid ghost, PresenceInfo info) {
        if (ghost == null || info == null) {
            throw new IllegalArgumentException("ghost and info are required");
        }
        current.put(ghost, info);
        throttle.offer(ghost);
        return flush();
    }

    /** Sends the presences whose wait is over. Completes when they have been sent. */
    public Future<Void> flush() {
        List<Future<Void>> sent = new ArrayList<>();
        for (EntityBareJid ghost : throttle.release()) {
            sent.add(subscriptions.subscribers(ghost).compose(users -> {
                throttle.spend(users.size() - 1);
                List<Future<Void>> each = new ArrayList<>();
                for (BareJid user : users) {
                    each.add(send.apply(presence(ghost, user)));
                }
                return Future.all(each).<Void>mapEmpty();
            }));
        }
        return Future.all(sent).mapEmpty();
    }

    /** How many ghosts' presences wait for their window or for the rate. */
    public int waitingPresences() {
        return throttle.pending();
    }

    /** How many waiting presences were dropped because too many ghosts waited. */
    public long droppedPresences() {
        return throttle.dropped();
    }

    private boolean handleIq(IQ iq, Jid to) {
        if (iq.getType() != IQ.Type.get && iq.getType() != IQ.Type.set) {
            return false;
        }
        String ns = iq.getChildElementNamespace();
        boolean toDomain = to.equals(domain);
        EntityBareJid ghost = to.asEntityBareJidIfPossible();
        boolean toGhost = ghost != null && directory.isGhost(ghost);
        if (!toDomain && !toGhost) {
            return false;
        }
        if (DISCO_INFO.equals(ns)) {
            reply(iq, toDomain ? domainInfo(iq) : ghostInfo(iq));
            return true;
        }
        if (DISCO_ITEMS.equals(ns)) {
            reply(iq, items(iq));
            return true;
        }
        if (PING.equals(ns) && toGhost) {
            reply(iq, Future.succeededFuture(iq.getType() == IQ.Type.get
                    ? IQ.createResultIQ(iq) : error(iq, StanzaError.Condition.bad_request)));
            return true;
        }
        if (VCARD.equals(ns)) {
            if (iq.getType() == IQ.Type.set) {
                // Profiles come from the ghost's own network; nobody edits them from XMPP.
                reply(iq, Future.succeededFuture(error(iq, StanzaError.Condition.not_allowed)));
            } else if (toDomain) {
                reply(iq, Future.succeededFuture(new VCardResult(iq, SERVICE_NAME, Optional.empty())));
            } else {
                reply(iq, vcard(iq, ghost));
            }
            return true;
        }
        return false;
    }

    private Future<IQ> domainInfo(IQ request) {
        if (hasNode(request)) {
            return Future.succeededFuture(error(request, StanzaError.Condition.item_not_found));
        }
        DiscoverInfo info = infoResult(request);
        info.addIdentity(new DiscoverInfo.Identity("conference", SERVICE_NAME, "text"));
        info.addFeatures(List.of(DISCO_INFO, DISCO_ITEMS, PING, VCARD, MUC));
        return Future.succeededFuture(info);
    }

    private Future<IQ> ghostInfo(IQ request) {
        if (hasNode(request)) {
            return Future.succeededFuture(error(request, StanzaError.Condition.item_not_found));
        }
        DiscoverInfo info = infoResult(request);
        info.addIdentity(new DiscoverInfo.Identity("account", "registered"));
        info.addFeatures(List.of(DISCO_INFO, PING, VCARD, CHAT_STATES));
        return Future.succeededFuture(info);
    }

    private static boolean hasNode(IQ request) {
        return request instanceof DiscoverInfo && ((DiscoverInfo) request).getNode() != null
                || request instanceof DiscoverItems && ((DiscoverItems) request).getNode() != null;
    }

    private static DiscoverInfo infoResult(IQ request) {
        DiscoverInfo info = new DiscoverInfo();
        answering(info, request);
        return info;
    }

    private static Future<IQ> items(IQ request) {
        if (hasNode(request)) {
            return Future.succeededFuture(error(request, StanzaError.Condition.item_not_found));
        }
        // Portals exist on demand and may be private: the domain lists none, and a ghost has no items.
        DiscoverItems items = new DiscoverItems();
        answering(items, request);
        return Future.succeededFuture(items);
    }

    /**
     * An error reply without the request's payload: Smack's createErrorResponse echoes the payload after the
     * {@code <error/>}, an order RFC 6120's schema does not allow, and the payload is optional anyway.
     */
    static IQ error(IQ request, StanzaError.Condition condition) {
        IQ error = IQ.createResultIQ(request);
        error.setType(IQ.Type.error);
        error.setError(StanzaError.getBuilder(condition).build());
        return error;
    }

    private static void answering(IQ result, IQ request) {
        result.setType(IQ.Type.result);
        result.setStanzaId(request.getStanzaId());
        result.setTo(request.getFrom());
        result.setFrom(request.getTo());
    }

    private Future<IQ> vcard(IQ request, EntityBareJid ghost) {
        return directory.profile(ghost).compose(profile -> {
            if (profile.isEmpty()) {
                return Future.succeededFuture(error(request, StanzaError.Condition.item_not_found));
            }
            Future<Optional<Avatar>> avatar = profile.get().avatarHash().isPresent()
                    ? directory.avatar(ghost) : Future.succeededFuture(Optional.empty());
            return avatar.map(a -> new VCardResult(request, profile.get().displayName(), a));
        });
    }

    private void reply(IQ request, Future<IQ> answer) {
        answer.recover(e -> {
            LOG.warn("answering {} from {} failed; replying internal-server-error", request.getChildElementNamespace(),
                    request.getFrom(), e);
            return Future.succeededFuture(error(request, StanzaError.Condition.internal_server_error));
        }).compose(send::apply).onFailure(e -> LOG.debug("the reply to {} was not confirmed: {}",
                request.getStanzaId(), e.toString()));
    }

    private boolean handlePresence(Presence presence, Jid to) {
        EntityBareJid ghost = to.asEntityBareJidIfPossible();
        if (ghost == null || !directory.isGhost(ghost)) {
            return false;
        }
        BareJid user = presence.getFrom().asBareJid();
        switch (presence.getType()) {
            case subscribe:
                subscriptions.add(ghost, user)
                        .compose(added -> send.apply(subscriptionAnswer(ghost, user, Presence.Type.subscribed)))
                        .compose(v -> send.apply(presence(ghost, user)))
                        .onFailure(e -> LOG.warn("approving {}'s subscription to {} failed", user, ghost, e));
                return true;
            case probe:
                subscriptions.subscribers(ghost)
                        .compose(users -> send.apply(users.contains(user)
                                ? presence(ghost, user) : subscriptionAnswer(ghost, user, Presence.Type.unsubscribed)))
                        .onFailure(e -> LOG.warn("answering {}'s probe of {} failed", user, ghost, e));
                return true;
            case unsubscribe:
                subscriptions.remove(ghost, user)
                        .compose(removed -> send.apply(subscriptionAnswer(ghost, user, Presence.Type.unsubscribed)))
                        .compose(v -> send.apply(subscriptionAnswer(ghost, user, Presence.Type.unavailable)))
                        .onFailure(e -> LOG.warn("ending {}'s subscription to {} failed", user, ghost, e));
                return true;
            case subscribed:
            case unsubscribed:
                // A user approving or revoking a subscription of the ghost's: ghosts ask for none, nothing to do.
                return true;
            default:
                return false;
        }
    }

    private Presence subscriptionAnswer(EntityBareJid ghost, BareJid user, Presence.Type type) {
        return StanzaBuilder.buildPresence().ofType(type).from(ghost).to(user).build();
    }

    /** The ghost's current presence addressed to {@code user} (unavailable if it never reported one). */
    Presence presence(EntityBareJid ghost, BareJid user) {
        PresenceInfo info = current.getOrDefault(ghost, PresenceInfo.offline());
        PresenceBuilder b = StanzaBuilder.buildPresence().from(ghost).to(user);
        if (!info.available()) {
            return b.ofType(Presence.Type.unavailable).build();
        }
        b.ofType(Presence.Type.available);
        if (info.show() != Presence.Mode.available) {
            b.setMode(info.show());
        }
        info.status().ifPresent(b::setStatus);
        b.addExtension(new PhotoUpdate(info.avatarHash()));
        return b.build();
    }
}
