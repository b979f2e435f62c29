package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MessageStatus;
import dev.passerelle.connector.dma.mls.state.Encrypted;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.protocol.AbuseReport;
import dev.passerelle.connector.dma.protocol.AppDataDictionary;
import dev.passerelle.connector.dma.protocol.IdentifierRequest;
import dev.passerelle.connector.dma.protocol.IdentifierResponse;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.protocol.ProtocolException;
import dev.passerelle.connector.dma.protocol.ProxyDownloadRequest;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.SubmitMessageResponse;
import dev.passerelle.connector.dma.protocol.WireMessage;
import dev.passerelle.connector.dma.provider.AbuseReports;
import dev.passerelle.connector.dma.provider.FanoutWorker;
import dev.passerelle.connector.dma.provider.Follower;
import dev.passerelle.connector.dma.provider.Hub;
import dev.passerelle.connector.dma.provider.IdentifierQueries;
import dev.passerelle.connector.dma.provider.KeyPackages;
import dev.passerelle.connector.dma.provider.PhoneDirectory;
import dev.passerelle.connector.dma.provider.ProviderEndpoints;
import dev.passerelle.connector.dma.provider.ProviderStore;
import dev.passerelle.connector.dma.provider.ProxyDownloads;
import dev.passerelle.connector.dma.provider.StoredAbuseReport;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.connector.dma.transport.MimiServer;
import dev.passerelle.connector.dma.transport.PeerTrust;
import dev.passerelle.connector.dma.translate.CanonicalToMimi;
import dev.passerelle.connector.dma.translate.Outbound;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.admin.ConnectorAdmin;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.DeliveryFailure;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MIMI provider as a connector. Our users on MIMI are the ghosts of XMPP and Matrix users
 * ({@code mimi://<provider>/u/<key>}), each an MLS member of the rooms it is in; a MIMI room hosted by us stands for an
 * XMPP or Matrix room, rooms hosted elsewhere are joined from Welcomes. Outbound, a delivery is translated to MIMI
 * content, encrypted by the sender's ghost (the advanced MLS state goes to the journal with the ciphertext) and sent
 * to the room's hub: our own {@link Hub} for rooms we host, the {@link Follower} otherwise. Inbound, the provider
 * hands room events to {@link InboundDelivery}, which decrypts, translates and submits them. A linked room on our
 * domain that does not exist yet is created by its first delivery; membership and role events are applied to the
 * room when rendered ({@link MembershipChanges}).
 *
 * <p>A stored ciphertext belongs to the epoch it was encrypted in, and the core renders up to a window of deliveries
 * ahead of sending them, so rooms change epoch (a member joins or leaves) under rendered deliveries. The rendered
 * payload keeps the encoded content beside the ciphertext: {@link #send} of a ciphertext whose epoch our member has
 * left encrypts the content again in the member's current epoch (same message id; the advanced state saved first),
 * and fails TRANSIENT while the hub is ahead of our member, so that the retry does so once the commit reached us.
 */
public final class DmaConnector implements Connector, ConnectorAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(DmaConnector.class);

    /** The stored payload of a membership or role change, applied when rendered. */
    private static final byte[] MEMBERSHIP_APPLIED = "membership".getBytes(StandardCharsets.UTF_8);

    private final ConnectorContext ctx;
    private final DmaSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final ProviderStore store;
    private final MemberStates states;
    private final GatewayUsers users;
    private final InboundDelivery inbound;
    private final TrustOptions downloadTrust;
    private final Predicate<InetAddress> downloadAddresses;
    private final PhoneDirectory phones;
    private final AbuseReports abuse;
    private final IdentifierQueries identifiers;
    private final DmaAdmin admin;
    private final MembershipChanges membership;
    /**
     * Per room and sender (ours), the epoch and ratchet generation of the last message handed to the hub, for
     * {@link #inCurrentEpoch}; from this start on (after a restart the first message of each is sent as stored).
     */
    private final Map<String, long[]> lastSent = new java.util.concurrent.ConcurrentHashMap<>();
    private final RecentSends recent = new RecentSends();
    private volatile Health health;
    private volatile Running running;
    private boolean fetcherRegistered;

    /** Everything that exists only between start and stop (it needs the loaded TLS identity). */
    private record Running(MimiHttpClient client, FanoutWorker fanout, Hub hub, Follower follower, KeyPackages keys,
            ProxyDownloads downloads, MimiServer server, MimiRooms rooms, int port, long sweepTimer) {
    }

    /**
     * How long a processed notify body stays marked: far longer than a hub's retries of a notify whose answer it
     * missed (its backoff tops out at minutes); a later copy is recognised by the MLS state (see {@link Follower}).
     */
    static final java.time.Duration NOTIFY_MARKS_KEPT = java.time.Duration.ofHours(1);
    /** How often the marks older than {@link #NOTIFY_MARKS_KEPT} are deleted. */
    static final java.time.Duration NOTIFY_SWEEP_EVERY = java.time.Duration.ofMinutes(10);

    /** A connector for {@code ctx} with {@code settings}; proxy downloads trust the JVM's CAs and public addresses. */
    public DmaConnector(ConnectorContext ctx, DmaSettings settings) {
        this(ctx, settings, null, ProxyDownloads::publicAddress);
    }

    /** As above, with the proxy download trust and address rule given (tests serve assets on loopback). */
    DmaConnector(ConnectorContext ctx, DmaSettings settings, TrustOptions downloadTrust,
            Predicate<InetAddress> downloadAddresses) {
        this.ctx = ctx;
        this.settings = settings;
        this.store = ProviderStore.of(ctx.store().state(), ctx.name());
        this.states = new MemberStates(ctx.store().state(), ctx.name());
        this.users = new GatewayUsers(settings.provider(), ctx.ghosts(), ctx.store().state(), ctx.name(), random);
        this.downloadTrust = downloadTrust;
        this.downloadAddresses = downloadAddresses;
        this.phones = new PhoneDirectory(settings.provider(), store);
        this.abuse = new AbuseReports(store, ctx.clock());
        this.identifiers = new IdentifierQueries(settings.provider(), users, phones);
        this.admin = new DmaAdmin(ctx.vertx(), settings.provider(), ctx.ghosts(), users, phones, abuse,
                this::createRoom, this::lookup, this::reportAbuse);
        this.membership = new MembershipChanges(ctx.vertx(), settings.provider(), ctx.ghosts(), states, users,
                () -> started().rooms());
        this.inbound = new InboundDelivery(ctx, states, users, this::seen, recent);
        this.health = Health.down(ctx.clock().instant(), "not started");
    }

    @Override
    public Network network() {
        return Network.MIMI;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EDITS, Capability.RETRACTIONS, Capability.REACTIONS, Capability.READ_MARKERS,
                Capability.MEMBERSHIP);
    }

    @Override
    public Future<Void> start() {
        health = Health.connecting(ctx.clock().instant(), "loading the TLS identity");
        String provider = settings.provider();
        return ctx.vertx().executeBlocking(() -> PeerTrust.load(settings.trust()), false).compose(trust -> {
            MimiHttpClient client = new MimiHttpClient(ctx.vertx(), settings.client(), trust);
            FanoutWorker fanout = new FanoutWorker(ctx.vertx(), provider, store, client, inbound,
                    settings.minBackoff(), settings.maxBackoff());
            Hub hub = new Hub(ctx.vertx(), provider, store, ctx.clock(), fanout);
            Follower follower = new Follower(ctx.vertx(), provider, store, client, inbound);
            KeyPackages keys = new KeyPackages(provider, store, users, ctx.clock(), random,
                    settings.keyPackageLifetime());
            inbound.keys(keys);
            ProxyDownloads downloads = new ProxyDownloads(ctx.vertx(), store, downloadTrust, settings.proxyMaxBytes(),
                    settings.proxyTimeout(), downloadAddresses);
            ProviderEndpoints endpoints = new ProviderEndpoints(ctx.vertx(), provider, hub, follower, keys,
                    identifiers, abuse, downloads);
            MimiServer server = new MimiServer(ctx.vertx(), settings.server(), trust, endpoints.routes(),
                    ProviderEndpoints.directory(settings.publicUrl().toString()), ctx.metrics());
            MimiRooms rooms = new MimiRooms(ctx.vertx(), provider, states, users, random, ctx.clock(), hub, follower,
                    keys, client);
            io.micrometer.core.instrument.FunctionCounter.builder("passerelle.mimi.fanout.retried", fanout,
                    FanoutWorker::retries).description("Fan-out sends to a provider that failed and were retried")
                    .register(ctx.metrics());
            io.micrometer.core.instrument.Gauge.builder("passerelle.mimi.fanout.failing", fanout,
                    FanoutWorker::failingLanes).description("Fan-out lanes (room, provider) waiting to retry")
                    .register(ctx.metrics());
            return fanout.start().compose(v -> server.start()).map(port -> {
                long sweep = ctx.vertx().setPeriodic(NOTIFY_SWEEP_EVERY.toMillis(), id -> forgetNotifies(follower));
                running = new Running(client, fanout, hub, follower, keys, downloads, server, rooms, port, sweep);
                registerFetcher();
                return (Void) null;
            }).recover(e -> Future.all(client.close(), downloads.close(), fanout.stop()).transform(
                    ignored -> Future.failedFuture(e)));
        }).onSuccess(v -> health = Health.up(ctx.clock().instant())).recover(e -> {
            String reason = "the MIMI provider " + provider + " could not start: " + e.getMessage();
            health = Health.down(ctx.clock().instant(), reason);
            return Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT, reason, e));
        });
    }

    @Override
    public Future<Void> stop() {
        Running r = running;
        running = null;
        health = Health.down(ctx.clock().instant(), "stopped");
        if (r == null) {
            return Future.succeededFuture();
        }
        ctx.vertx().cancelTimer(r.sweepTimer());
        return Future.all(r.fanout().stop(), r.server().stop(), r.client().close(), r.downloads().close()).mapEmpty();
    }

    /** Deletes the processed-notify marks older than {@link #NOTIFY_MARKS_KEPT}; returns how many went. */
    Future<Integer> forgetNotifies(Follower follower) {
        return follower.forgetProcessedBefore(ctx.clock().instant().minus(NOTIFY_MARKS_KEPT))
                .onSuccess(n -> LOG.debug("Forgot {} processed MIMI notify marks", n))
                .onFailure(e -> LOG.warn("Could not delete old MIMI notify marks: {}", e.toString()));
    }

    @Override
    public Health health() {
        Health h = health;
        Running r = running;
        if (h.state() != Health.State.UP || r == null) {
            return h;
        }
        // A peer that does not answer is not this provider down (it serves its other peers): UP, with the outage
        // in the detail, since the oldest one began.
        var outages = r.client().unreachablePeers();
        if (outages.isEmpty()) {
            return h;
        }
        StringBuilder detail = new StringBuilder();
        java.time.Instant since = null;
        for (var o : outages) {
            detail.append(detail.length() == 0 ? "" : "; ").append("peer ").append(o.peer())
                    .append(" unreachable since ").append(o.since()).append(": ").append(o.why());
            since = since == null || o.since().isBefore(since) ? o.since() : since;
        }
        return new Health(Health.State.UP, java.util.Optional.of(detail.toString()), since);
    }

    /** The port the MIMI server listens on (useful with port 0); fails if not started. */
    public int port() {
        return started().port();
    }

    @Override
    public Future<Rendered> render(Delivery delivery) {
        if (!(delivery.target() instanceof MimiRoomUri room)) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "a MIMI delivery targets a MIMI room, not " + delivery.target()));
        }
        Event event = delivery.event();
        if (event instanceof MembershipChanged || event instanceof RoleChanged) {
            // The room change is committed and accepted by the hub here; nothing is left to send.
            return membership.apply(room, event).map(v -> new Rendered(MEMBERSHIP_APPLIED));
        }
        if (!CanonicalToMimi.carries(event)) {
            // Refused before the sender is made a member: an untranslatable event (a MUC's subject, sent again on
            // every rejoin) must not cost the room a commit, which re-encrypts every delivery rendered ahead.
            return Future.failedFuture(new GatewayException(GatewayException.Reason.UNSUPPORTED,
                    "MIMI content cannot carry " + event.getClass().getSimpleName()));
        }
        MimiUserUri sender;
        try {
            sender = ghostOf(event.sender());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT, e.getMessage(), e));
        }
        // A read receipt is no reason to add a ghost to the room (a commit every member sees): only members send one.
        Future<Void> member = event instanceof ReadMarker ? memberAlready(room, sender) : joined(room, sender);
        return member.compose(v -> ctx.vertx().executeBlocking(() -> {
            CanonicalToMimi translator = new CanonicalToMimi(
                    id -> ctx.store().messages().ref(id, Network.MIMI).map(r -> MessageId.ofHex(r.nativeId().value())),
                    this::salt);
            Outbound out = translator.translate(reachable(event), room, sender);
            if (event instanceof ReactionAdded r) {
                ctx.store().state().put(ctx.name(), InboundDelivery.REACTION + r.id(),
                        r.key().getBytes(StandardCharsets.UTF_8));
            }
            MemberStates.Sealed sealed = states.encrypt(room.toUri(), sender.toUri(), out.encoded(), random);
            return new Rendered(new OutboundPayload(sender.toUri(), out.messageId(), out.encoded(), sealed.message())
                    .toBytes(), List.of(sealed.write()));
        }, false));
    }

    /**
     * The event with every attachment another provider could not fetch (an {@code mxc:} URI of the Matrix side, any
     * scheme but http(s) and our own {@code mimi-enc:}) replaced by the media service's signed public URL for it:
     * an external part must name a URL the receiver can download, and peers only accept http(s).
     */
    private Event reachable(Event event) {
        if (!(event instanceof MessageSent m) || m.content().attachments().stream().allMatch(a -> fetchable(a.uri()))) {
            return event;
        }
        List<Attachment> attachments = m.content().attachments().stream().map(a -> fetchable(a.uri()) ? a
                : new Attachment(ctx.media().publicUrl(a.uri(), a.mediaType()), a.mediaType(), a.size(), a.name(),
                        a.width(), a.height(), a.sha256())).toList();
        MessageContent c = m.content();
        return new MessageSent(m.id(), m.origin(), m.sender(), m.conversation(), m.timestamp(),
                new MessageContent(c.text(), c.html(), attachments, c.replyTo()));
    }

    private static boolean fetchable(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("https") || scheme.equals("http") || scheme.equals("mimi-enc");
    }

    @Override
    public Future<SendResult> send(Delivery delivery, Rendered rendered) {
        Running r = started();
        MimiRoomUri room = (MimiRoomUri) delivery.target();
        if (delivery.event() instanceof MembershipChanged || delivery.event() instanceof RoleChanged) {
            return Future.succeededFuture(SendResult.confirmed());
        }
        OutboundPayload payload = OutboundPayload.fromBytes(rendered.payload());
        SendResult result = SendResult.withId(new NativeId(payload.messageId().hex()));
        recent.sending(payload.messageId(), delivery.event().id());
        return ctx.vertx().executeBlocking(() -> inCurrentEpoch(room, payload), false).compose(message ->
                recordAssets(room, delivery.event()).map(v -> message)).compose(message -> {
                    if (!room.provider().equals(settings.provider())) {
                        return r.follower().submitToHub(room.toUri(), message, payload.sender()).map(ok -> result);
                    }
                    return r.hub().accept(room.toUri(), new SubmitMessageRequest(message,
                            new IdentifierUri(payload.sender())), settings.provider()).compose(answer -> {
                                if (answer.statusCode() == SubmitMessageResponse.Code.ACCEPTED) {
                                    return Future.succeededFuture(result);
                                }
                                if (answer.statusCode() == SubmitMessageResponse.Code.EPOCH_TOO_OLD) {
                                    // A peer's commit reached the hub before our member: once it has applied it,
                                    // the retry encrypts the content again in the new epoch.
                                    return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT,
                                            "the hub of " + room + " is past the message's epoch "
                                                    + message.epoch().getAsLong() + " and our member is not yet"));
                                }
                                return Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT,
                                        "the hub refused the message (" + answer.statusCode() + ")"));
                            });
                });
    }

    /**
     * The stored message if the sender's state is still in its epoch and nothing it sent went out ahead of it;
     * else the same content encrypted again by the sender in its current epoch, with the same message id (receivers
     * drop a second copy by its id). The advanced state is saved before the new ciphertext is returned, so that no
     * key or nonce protects two messages. A payload stored without its content (an older format) cannot be
     * encrypted again: PERMANENT when its epoch is past, sent as it is otherwise. Blocking.
     *
     * <p>"Ahead of it": a message encrypted again takes the sender's next generation, after those of the deliveries
     * behind it that were encrypted in the new epoch while they waited. Sent as they are, those would reach the
     * other members after it, further back than the skipped keys a member keeps, and be refused for good; so a
     * stored message whose generation is behind the last one sent is encrypted again too.
     */
    private WireMessage inCurrentEpoch(MimiRoomUri room, OutboundPayload payload) {
        WireMessage stored = WireMessage.parse(payload.message());
        long epoch = stored.epoch().getAsLong();
        String sender = payload.sender();
        String key = room.toUri() + "\n" + sender;
        long current = states.load(room.toUri(), sender).map(s -> s.epochNumber()).orElse(epoch);
        if (current <= epoch) {
            long generation = current == epoch ? states.read(room.toUri(), sender, s -> generationOf(s, payload))
                    : -1;
            long[] last = lastSent.get(key);
            if (generation < 0 || !payload.hasContent() || last == null || last[0] != epoch
                    || generation >= last[1]) {
                if (generation >= 0) {
                    lastSent.put(key, new long[] {epoch, generation});
                }
                return stored;
            }
        } else if (!payload.hasContent()) {
            throw new GatewayException(GatewayException.Reason.PERMANENT, "the message was encrypted in epoch "
                    + epoch + " of " + room + ", which is now at " + current + ", and was stored without its content:"
                    + " the hub can no longer accept it, send it again");
        }
        Encrypted again = states.update(room.toUri(), sender, s -> s.encrypt(payload.content(), new byte[0], random));
        lastSent.put(key, new long[] {again.epoch(), again.generation()});
        return WireMessage.parse(again.message());
    }

    /** The generation of our own stored message in {@code state}'s epoch; -1 when it cannot be read. */
    private static long generationOf(GroupState state, OutboundPayload payload) {
        try {
            return state.generationOf(payload.message());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Tells the MIMI room that a message from it could not be delivered: a status report (error) of the message,
     * sent by the ghost of the unreachable target when it is one of our members of the room, else by our first
     * member there. Best effort, outside the delivery journal: the member's advanced state is saved before the
     * ciphertext is sent (no nonce reuse), and a report the hub refuses is not retried.
     */
    @Override
    public Future<Void> reportFailure(DeliveryFailure failure) {
        Event event = failure.event();
        if (!(event.conversation() instanceof MimiRoomUri room) || event.origin().network() != Network.MIMI) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.UNSUPPORTED,
                    "only events from MIMI rooms are reported to MIMI"));
        }
        MessageId failed;
        try {
            failed = MessageId.ofHex(event.origin().nativeId().value());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "the failed event has no MIMI message id", e));
        }
        Running r = started();
        return ctx.vertx().executeBlocking(() -> {
            String reporter = reporter(room, failure.target());
            Outbound out = new CanonicalToMimi(id -> Optional.empty(), this::salt).status(failed, MessageStatus.ERROR,
                    room, GatewayUsers.parse(reporter).orElseThrow());
            byte[] sealed = states.update(room.toUri(), reporter,
                    s -> s.encrypt(out.encoded(), new byte[0], random).message());
            return new OutboundPayload(reporter, out.messageId(), out.encoded(), sealed);
        }, false).compose(p -> submit(r, room, p));
    }

    private String reporter(MimiRoomUri room, Address target) {
        List<String> members = states.members(room.toUri());
        if (members.isEmpty()) {
            throw new GatewayException(GatewayException.Reason.PERMANENT, "none of our users is a member of " + room);
        }
        try {
            Address ghost = ctx.ghosts().ghostFor(target, Network.MIMI);
            if (ghost instanceof MimiUserUri u && members.contains(u.toUri())) {
                return u.toUri();
            }
        } catch (IllegalArgumentException e) {
            // A target with no MIMI ghost (a room, another network's address): the first member reports.
        }
        return members.get(0);
    }

    private Future<Void> submit(Running r, MimiRoomUri room, OutboundPayload payload) {
        WireMessage message = WireMessage.parse(payload.message());
        if (!room.provider().equals(settings.provider())) {
            return r.follower().submitToHub(room.toUri(), message, payload.sender()).mapEmpty();
        }
        return r.hub().accept(room.toUri(), new SubmitMessageRequest(message, new IdentifierUri(payload.sender())),
                settings.provider()).compose(answer -> answer.statusCode() == SubmitMessageResponse.Code.ACCEPTED
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT,
                                "the hub refused the status report (" + answer.statusCode() + ")")));
    }

    private synchronized void registerFetcher() {
        if (!fetcherRegistered) {
            ctx.media().register(new EncryptedMediaFetcher(ctx.vertx(), downloadTrust, settings.proxyMaxBytes(),
                    settings.proxyTimeout(), downloadAddresses, this::throughHub));
            fetcherRegistered = true;
        }
    }

    private Future<Void> memberAlready(MimiRoomUri room, MimiUserUri sender) {
        return isMember(room, sender).compose(yes -> yes ? Future.succeededFuture()
                : Future.failedFuture(new GatewayException(GatewayException.Reason.UNSUPPORTED,
                        sender + " is not a member of " + room + ": a read marker does not add it")));
    }

    /**
     * Creates {@code room} (on our domain) for {@code creator}, one of our users, with {@code others} as members; a
     * one-to-one room has fixed membership.
     */
    public Future<Void> createRoom(MimiRoomUri room, boolean oneToOne, MimiUserUri creator, List<MimiUserUri> others) {
        return started().rooms().create(room, oneToOne, creator, others);
    }

    /** {@code inviter}, one of our members of {@code room}, adds {@code invitee} (ours or another provider's). */
    public Future<Void> invite(MimiRoomUri room, MimiUserUri inviter, MimiUserUri invitee) {
        return started().rooms().add(room, inviter, List.of(invitee), true);
    }

    /** Whether {@code user} is an MLS member of {@code room} on our side. */
    public Future<Boolean> isMember(MimiRoomUri room, MimiUserUri user) {
        return ctx.vertx().executeBlocking(() -> states.isMember(room.toUri(), user.toUri()), false);
    }

    /** The ghost on MIMI of a real XMPP or Matrix user. */
    public MimiUserUri ghostOf(Address real) {
        return (MimiUserUri) ctx.ghosts().ghostFor(real, Network.MIMI);
    }

    /** The admin API's abuse reports and phone directory operations (see {@link DmaAdmin}). */
    @Override
    public Future<JsonObject> handle(Request request) {
        return admin.handle(request);
    }

    /**
     * Asks the provider {@code domain} for the users whose {@code type} is exactly {@code value} (protocol-06
     * identifierQuery, one query element): our own directory when {@code domain} is ours, the peer's
     * identifierQuery endpoint otherwise. A user not found (or a number not opted in) is a response with code
     * notFound, not a failure; transport trouble and a refused call fail as {@link GatewayException}s.
     */
    public Future<IdentifierResponse> lookup(String domain, IdentifierRequest.SearchType type, String value) {
        if (domain == null || type == null || value == null) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "a lookup needs a domain, a search type and a value"));
        }
        IdentifierRequest request;
        try {
            request = new IdentifierRequest(List.of(IdentifierRequest.QueryElement.of(type, value)),
                    AppDataDictionary.empty());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID, e.getMessage(), e));
        }
        if (domain.equalsIgnoreCase(settings.provider())) {
            return ctx.vertx().executeBlocking(() -> identifiers.query(request), false);
        }
        return started().client().post(domain, MimiEndpoint.IDENTIFIER_QUERY.path(domain),
                Buffer.buffer(request.toBytes()), FanoutWorker.CONTENT_TYPE).compose(response -> {
                    try {
                        return Future.succeededFuture(IdentifierResponse.decode(response.body().getBytes()));
                    } catch (ProtocolException e) {
                        return Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT,
                                domain + " answered identifierQuery with a bad body: " + e.error().describe(), e));
                    }
                });
    }

    /**
     * Reports {@code abuser}'s conduct in {@code room} to the room's hub (protocol-06 reportAbuse), on behalf of
     * {@code reporter}, one of our users: kept in our own {@link #abuseReports} when we host the room, POSTed to
     * the hub's reportAbuse endpoint otherwise. The report carries no message (franking is not implemented), only
     * the reason code (a uint8; the draft defines no taxonomy yet) and the note.
     */
    public Future<Void> reportAbuse(MimiRoomUri room, MimiUserUri reporter, MimiUserUri abuser, int reasonCode,
            String note) {
        AbuseReport report;
        try {
            if (room == null || reporter == null || abuser == null) {
                throw new IllegalArgumentException("a report needs a room, a reporter and an alleged abuser");
            }
            if (!reporter.provider().equals(settings.provider())) {
                throw new IllegalArgumentException("the reporter " + reporter + " is not a user of "
                        + settings.provider());
            }
            report = new AbuseReport(new IdentifierUri(reporter.toUri()), new IdentifierUri(abuser.toUri()),
                    reasonCode, note == null ? "" : note, List.of(), AppDataDictionary.empty());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID, e.getMessage(), e));
        }
        Running r = started();
        if (room.provider().equals(settings.provider())) {
            return r.hub().room(room.toUri()).compose(found -> {
                if (found.isEmpty()) {
                    return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                            "no room " + room + " is hosted here"));
                }
                return ctx.vertx().executeBlocking(() -> abuse.record(room.toUri(), settings.provider(), report),
                        false).mapEmpty();
            });
        }
        return r.client().post(room.provider(), MimiEndpoint.REPORT_ABUSE.path(room.toUri()),
                Buffer.buffer(report.toBytes()), FanoutWorker.CONTENT_TYPE).mapEmpty();
    }

    /** The abuse reports peers sent about rooms we host, oldest first. Blocking. */
    public List<StoredAbuseReport> abuseReports() {
        return abuse.list();
    }

    /** The operator's opt-in phone directory (E.164 number to one of our users). Blocking. */
    public PhoneDirectory phones() {
        return phones;
    }

    /**
     * Makes sure {@code sender} is a member of {@code room}: a ghost that speaks in a room for the first time is
     * added by one of our members already in it, and a linked room on our domain that does not exist yet is created
     * with the sender as its administrator.
     */
    private Future<Void> joined(MimiRoomUri room, MimiUserUri sender) {
        return membership.join(room, sender, Optional.of(sender));
    }

    private Future<Void> recordAssets(MimiRoomUri room, Event event) {
        List<URI> urls = InboundDelivery.attachments(event);
        if (urls.isEmpty() || !room.provider().equals(settings.provider())) {
            return Future.succeededFuture();
        }
        Future<Void> all = Future.succeededFuture();
        for (URI url : urls) {
            all = all.compose(v -> seen(room.toUri(), url));
        }
        return all;
    }

    /**
     * An asset of a room hosted elsewhere through that hub's proxyDownload (protocol-06 section 5.10.2), for a URL
     * we cannot fetch ourselves; NOT_FOUND when no followed room had it.
     */
    private Future<Buffer> throughHub(URI url) {
        Running r = started();
        ProxyDownloadRequest request;
        try {
            request = new ProxyDownloadRequest(url);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                    "only https assets are downloaded through a hub", e));
        }
        return r.downloads().hubOf(url).compose(hub -> hub
                .map(domain -> r.client().get(domain, request.path()).map(response -> response.body()))
                .orElseGet(() -> Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                        "the asset was seen in no room hosted elsewhere"))));
    }

    private Future<Void> seen(String roomUri, URI url) {
        return started().downloads().seen(roomUri, url);
    }

    private byte[] salt() {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return salt;
    }

    private Running started() {
        Running r = running;
        if (r == null) {
            throw new GatewayException(GatewayException.Reason.TRANSIENT, "the MIMI connector is not started");
        }
        return r;
    }
}
