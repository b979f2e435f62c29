package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.identity.ChatStateLimiter;
import dev.passerelle.connector.xmpp.identity.Identities;
import dev.passerelle.connector.xmpp.muc.HostedRooms;
import dev.passerelle.connector.xmpp.plumb.PlumbSettings;
import dev.passerelle.connector.xmpp.plumb.PlumbedRooms;
import dev.passerelle.connector.xmpp.stanza.Extensions;
import dev.passerelle.connector.xmpp.stream.ComponentConnection;
import dev.passerelle.connector.xmpp.stream.StanzaHandler;
import dev.passerelle.connector.xmpp.upload.HttpUploader;
import dev.passerelle.connector.xmpp.upload.IqCorrelator;
import dev.passerelle.connector.xmpp.translate.XmppToCanonical;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.DeliveryFailure;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jxmpp.jid.EntityBareJid;
import java.util.UUID;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's XMPP side: an external component (XEP-0114) hosting portal rooms and ghost users on its domain.
 * See docs/connectors/xmpp.md for what it carries and how to link it to Prosody or ejabberd.
 *
 * <p>{@link #start()} completes once the first connection attempt has an outcome, and never fails because of the
 * server: a refused handshake (wrong secret or domain) or an unreachable server leaves {@link #health()} DOWN or
 * CONNECTING with the reason while the connection keeps retrying in the background, so one misconfigured network
 * does not keep the rest of the gateway from running. Deliveries meanwhile wait for the link.
 */
public final class XmppConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(XmppConnector.class);
    /** The gateway's own occupant in plumbed rooms is {@code bridge@<component domain>}. */
    static final String LISTENER_LOCALPART = "bridge";
    /** How long an IQ the connector sends (upload discovery and slots) waits for its reply. */
    static final Duration IQ_TIMEOUT = Duration.ofSeconds(10);
    /** How often held-back presences and chat states are looked at. */
    static final long FLUSH_MILLIS = 100;
    /** At most one chat state a second per ghost and conversation, the latest winning. */
    static final Duration CHAT_STATE_WINDOW = Duration.ofSeconds(1);
    static final int MAX_CHAT_STATE_CONVERSATIONS = 10_000;
    /**
     * How many deliveries to one conversation are in flight at once. The component stream keeps its stanzas in
     * order and the outbound side writes a conversation's sends in the order they come, so a room's messages need
     * not wait for the reflection of the one before (a round trip through the server each).
     */
    static final int SEND_WINDOW = 32;

    private final ConnectorContext ctx;
    private final XmppSettings settings;
    private final Vertx vertx;
    private final Context context;
    private final Consumer<Stanza> tap;
    private final StoreRefs refs;
    private final Portals portals;
    private final HostedRooms rooms;
    private final Inbound inbound;
    private final Outbound outbound;
    private final Plumbing plumbing;
    private final Rosters rosters;
    private final IqCorrelator iqs;
    private volatile ComponentConnection connection;
    /** The timer that sends held-back presences and chat states; -1 when stopped. */
    private long flushTimer = -1;

    /** Built by {@link XmppConnectorFactory}; {@code settings} must come from {@code ctx.config()}. */
    public XmppConnector(ConnectorContext ctx, XmppSettings settings) {
        this(ctx, settings, s -> { });
    }

    /** With {@code tap} seeing every stanza the connector sends, before the connection takes it (tests). */
    XmppConnector(ConnectorContext ctx, XmppSettings settings, Consumer<Stanza> tap) {
        String domain = settings.component().domain();
        if (!domain.equals(ctx.ghosts().spaces().xmppDomain())) {
            throw new IllegalArgumentException("the component domain " + domain + " must be the ghosts' XMPP domain "
                    + ctx.ghosts().spaces().xmppDomain());
        }
        this.ctx = ctx;
        this.settings = settings;
        this.vertx = ctx.vertx();
        this.context = vertx.getOrCreateContext();
        this.tap = tap;
        this.refs = new StoreRefs(ctx.store().messages(), ctx.store().state(), ctx.name());
        this.portals = new Portals(vertx, ctx.store().links(), ctx.ghosts());
        this.rooms = new HostedRooms(this::sendStanza, this::room, domain, ctx.clock(), portals);
        XmppToCanonical translator = new XmppToCanonical(refs, ctx.clock());
        PlumbSettings defaults = PlumbSettings.defaults();
        PlumbedRooms plumbed = new PlumbedRooms(this::sendStanza,
                JidCreate.fromOrThrowUnchecked(LISTENER_LOCALPART + "@" + domain), settings.mucNick(), ctx.clock(),
                vertx, new PlumbSettings(settings.selfPingInterval(), defaults.joinTimeout(),
                        defaults.reflectionTimeout(), defaults.rejoinDelay(), defaults.archivePageSize()),
                new StateCursor(vertx, ctx.store().state(), ctx.name()),
                new StateSeats(vertx, ctx.store().state(), ctx.name()));
        this.plumbing = new Plumbing(vertx, domain, plumbed, translator, refs, ctx.events(), ctx.store().links(),
                ctx.clock());
        GhostProfiles profiles = new GhostProfiles(vertx, domain, ctx.ghosts(), ctx.store().ghosts(), ctx.media(),
                ctx.clock());
        Identities identities = new Identities(this::sendStanza, domain, profiles,
                new StoredSubscriptions(vertx, ctx.store().state(), ctx.name()), ctx.clock());
        this.rosters = new Rosters(vertx, ctx.ghosts(), identities, profiles);
        this.iqs = new IqCorrelator(vertx, this::sendStanza, IQ_TIMEOUT);
        // Translations run in the connector context's ordered queue, whichever thread hands a stanza in.
        this.inbound = new Inbound(work -> context.executeBlocking(work, true), domain, ctx.ghosts(), portals, rooms,
                translator, refs, ctx.events(), this::sendStanza,
                new RateLimiter(settings.ratePerSecond(), settings.rateBurst(), ctx.clock()), ctx.clock(),
                ctx.metrics(), plumbing, identities, iqs);
        Optional<HttpUploader> uploader = settings.upload()
                ? Optional.of(new HttpUploader(vertx, iqs,
                        JidCreate.domainBareFromOrThrowUnchecked(serverDomain(domain)),
                        JidCreate.domainBareFromOrThrowUnchecked(domain), IQ_TIMEOUT))
                : Optional.empty();
        this.outbound = new Outbound(vertx, context, settings, ctx.ghosts(), ctx.store().ghosts(), refs,
                a -> clientUrl(ctx.media(), a), rooms, this::sendStanza, plumbing, rosters,
                new Uploads(ctx.media(), uploader),
                new ChatStateLimiter(ctx.clock(), CHAT_STATE_WINDOW, MAX_CHAT_STATE_CONVERSATIONS));
    }

    /**
     * Where XMPP clients fetch an attachment: an http(s) URL (from MIMI, or a link another network gave) as it is,
     * since clients download those themselves and the media service has no fetcher for them; anything else
     * ({@code mxc:}, {@code mimi-enc:}) through the media service's signed URL.
     */
    static URI clientUrl(MediaService media, Attachment a) {
        String scheme = a.uri().getScheme() == null ? "" : a.uri().getScheme().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") ? a.uri() : media.publicUrl(a.uri(), a.mediaType());
    }

    /**
     * The XMPP server's own domain, where its upload service is discovered: the component domain without its
     * first label (a component is a subdomain of its server, {@code gw.example.org} of {@code example.org}).
     */
    static String serverDomain(String componentDomain) {
        int dot = componentDomain.indexOf('.');
        return dot < 0 ? componentDomain : componentDomain.substring(dot + 1);
    }

    @Override
    public Network network() {
        return Network.XMPP;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public Future<Void> start() {
        Extensions.register();
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            // Created on the connector's context, so that the connection's callbacks and the rooms share one thread.
            ComponentConnection c = new ComponentConnection(vertx, settings.component(), new Handler(), ctx.metrics());
            connection = c;
            flushTimer = vertx.setPeriodic(FLUSH_MILLIS, t -> {
                rosters.identities().flush().onFailure(e -> LOG.debug("Held-back presences not sent: {}",
                        e.toString()));
                outbound.flushChatStates();
            });
            portals.load().compose(elsewhere -> c.start().map(up -> {
                plumbAll(elsewhere);
                return (Void) null;
            }).recover(failed -> {
                LOG.error("XMPP component {} is not connected yet ({}); it keeps trying, see /health",
                        settings.component().domain(), failed.getMessage());
                // Rooms are joined once the link is up: the reconnect hook rejoins plumbed rooms.
                plumbAll(elsewhere);
                return Future.succeededFuture();
            })).onComplete(done);
        });
        return done.future();
    }

    @Override
    public Future<Void> stop() {
        Promise<Void> cancelled = Promise.promise();
        context.runOnContext(v -> {
            if (flushTimer >= 0) {
                vertx.cancelTimer(flushTimer);
                flushTimer = -1;
            }
            cancelled.complete();
        });
        return cancelled.future().compose(v -> stopConnection());
    }

    private Future<Void> stopConnection() {
        plumbing.rooms().close();
        ComponentConnection c = connection;
        return c == null ? Future.succeededFuture() : c.stop();
    }

    private void plumbAll(java.util.List<Jid> rooms) {
        for (Jid room : rooms) {
            if (settings.isMucDomain(room.domainpart())) {
                EntityBareJid muc = JidCreate.entityBareFromOrThrowUnchecked(room.toString());
                plumbing.rooms().plumb(muc).onFailure(t -> LOG.warn("Could not join plumbed room {}: {}", muc,
                        t.getMessage()));
            }
        }
    }

    /** A plumbed MUC of a link made while running is joined now, not with the first delivery into it. */
    @Override
    public void linked(dev.passerelle.core.store.Link link) {
        java.util.List<Jid> mucs = link.rooms().stream().filter(a -> a instanceof Jid).map(a -> (Jid) a)
                .filter(j -> j.resourcepart().isEmpty()).toList();
        if (!mucs.isEmpty()) {
            context.runOnContext(v -> plumbAll(mucs));
        }
    }

    @Override
    public Health health() {
        ComponentConnection c = connection;
        return c == null ? Health.down(ctx.clock().instant(), "not started") : c.health();
    }

    @Override
    public Future<Rendered> render(Delivery delivery) {
        return outbound.render(delivery);
    }

    @Override
    public int sendWindow() {
        return SEND_WINDOW;
    }

    @Override
    public Future<SendResult> send(Delivery delivery, Rendered rendered) {
        return outbound.send(delivery, rendered);
    }

    /**
     * Tells the XMPP user that their message did not arrive: a message of type error from the conversation (the
     * portal), or from the component domain (one to one, and in a plumbed room, which is not ours to send from),
     * quoting the message's id, with the target and the reason.
     */
    @Override
    public Future<Void> reportFailure(DeliveryFailure failure) {
        Event event = failure.event();
        if (!(event.sender() instanceof Jid user) || !(event.conversation() instanceof Jid conversation)) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "not an XMPP user's event: " + event.sender().toUri()));
        }
        String domain = settings.component().domain();
        String text = "could not deliver to " + failure.target().toUri() + ": " + failure.message();
        if (user.resourcepart().isPresent() && user.bare().equals(conversation)
                && !conversation.domainpart().equals(domain)) {
            // An occupant of a plumbed room whose real JID the room hides: only the room can reach it, and a server
            // drops an error message to a bare JID, so the gateway's own occupant tells it in a private message.
            return sendStanza(StanzaBuilder.buildMessage("failed-" + UUID.randomUUID()).ofType(Message.Type.chat)
                    .from(JidCreate.fromOrThrowUnchecked(LISTENER_LOCALPART + "@" + domain))
                    .to(JidCreate.fromOrThrowUnchecked(user.toString()))
                    .addExtension(new MUCUser()).setBody(text).build());
        }
        // Only addresses on the component's domain can be sent from: a plumbed room lives on the server's own MUC
        // service, so the report about it comes from the component domain, like a one-to-one one.
        Jid from = conversation.equals(user.bare()) || !conversation.domainpart().equals(domain)
                ? Jid.ofDomain(domain) : conversation;
        return vertx.executeBlocking(() -> messageId(event), false).compose(id -> sendStanza(
                ErrorStanzas.messageError(id, JidCreate.fromOrThrowUnchecked(from.toString()),
                        JidCreate.fromOrThrowUnchecked(user.bare().toString()), condition(failure.reason()), text)));
    }

    /** The id the user's client knows the message by: its message id when recorded, else the origin's XMPP id. */
    private String messageId(Event event) {
        String prefix = event.conversation().toUri() + " ";
        for (NativeRef ref : ctx.store().messages().refs(event.id())) {
            String value = ref.nativeId().value();
            if (ref.network() == Network.XMPP && value.startsWith(prefix + StoreRefs.ALIAS)) {
                return value.substring(prefix.length() + StoreRefs.ALIAS.length());
            }
        }
        NativeId origin = event.origin().nativeId();
        String value = origin.value();
        return value.startsWith(prefix) ? value.substring(prefix.length()) : value;
    }

    private static StanzaError.Condition condition(GatewayException.Reason reason) {
        switch (reason) {
            case UNSUPPORTED:
                return StanzaError.Condition.feature_not_implemented;
            case NOT_FOUND:
                return StanzaError.Condition.item_not_found;
            case AUTH:
                return StanzaError.Condition.not_authorized;
            case INVALID:
                return StanzaError.Condition.bad_request;
            case TRANSIENT:
                return StanzaError.Condition.remote_server_timeout;
            default:
                return StanzaError.Condition.not_acceptable;
        }
    }

    private Future<Void> sendStanza(Stanza stanza) {
        ComponentConnection c = connection;
        if (c == null) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT,
                    "the XMPP connector has not started"));
        }
        tap.accept(stanza);
        return c.send(stanza);
    }

    private Future<Void> room(int stanzas) {
        ComponentConnection c = connection;
        if (c == null) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT,
                    "the XMPP connector has not started"));
        }
        return c.room(stanzas);
    }

    /** The connection's callbacks, on the connector's context. */
    private final class Handler implements StanzaHandler {
        @Override
        public void stanza(Stanza stanza) {
            inbound.stanza(stanza);
        }

        @Override
        public void connected() {
            LOG.info("XMPP component {} is connected", settings.component().domain());
            // A new stream: the server may have forgotten our occupants in plumbed rooms.
            plumbing.rooms().onReconnect();
        }

        @Override
        public void disconnected(String reason) {
            LOG.warn("XMPP component {} lost its connection: {}", settings.component().domain(), reason);
        }
    }

    /** For tests: whether {@code room} is a portal the connector knows. */
    boolean knowsPortal(Address room) {
        return room instanceof Jid j && portals.isKnown(j);
    }
}
