package dev.passerelle.connector.matrix;

import dev.passerelle.connector.matrix.appservice.AppServiceServer;
import dev.passerelle.connector.matrix.bot.Bot;
import dev.passerelle.connector.matrix.client.MatrixApiException;
import dev.passerelle.connector.matrix.client.MatrixClient;
import dev.passerelle.connector.matrix.client.MatrixMediaFetcher;
import dev.passerelle.connector.matrix.rooms.GhostUsers;
import dev.passerelle.connector.matrix.rooms.RoomService;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.DeliveryFailure;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix as an Application Service: the homeserver pushes transactions to the appservice endpoint, which
 * this connector translates and submits to the core; deliveries become Client-Server calls made as the
 * sender's ghost. See {@code docs/connectors/matrix.md} for what crosses and how.
 *
 * <p>Start-up: the appservice endpoint must bind (a bad listen address fails the start); the homeserver
 * need not be up. The bot is registered in the background: until that works the connector's health is DOWN
 * with the reason, and it tries again with a growing delay (1 s up to 1 min), so a homeserver that starts
 * after the gateway, or restarts, does not stop the gateway. Deliveries meanwhile fail as transient and are
 * retried by the router.
 *
 * <p>A homeserver that refuses the {@code as_token} (401 {@code M_UNKNOWN_TOKEN}) is a misconfiguration, not an
 * outage: health says so, the refusal counts in {@code passerelle.access.refused{surface=homeserver}} on every
 * attempt and is logged once per change of reason, and a delivery refused that way sends the connector back
 * into the same retry loop, so health turns UP again once the registration is fixed.
 */
public final class MatrixConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixConnector.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);

    private final ConnectorContext ctx;
    private final MatrixSettings settings;
    private final MatrixUserId botUser;
    private final MatrixClient client;
    private final RoomService rooms;
    private final Outbound outbound;
    private final AppServiceServer server;
    private final AccessRefusals refusals;
    private volatile Health health;
    private volatile boolean running;
    private volatile int port = -1;
    private long retryTimer = -1;
    private boolean fetcherRegistered;
    /** The reason of the as_token refusal last logged, so a retry loop logs it once; null once accepted. */
    private String loggedRefusal;

    public MatrixConnector(ConnectorContext ctx, MatrixSettings settings) {
        this.ctx = ctx;
        this.settings = settings;
        this.botUser = new MatrixUserId(settings.botLocalpart(), ctx.ghosts().spaces().matrixServer());
        this.client = new MatrixClient(ctx.vertx(), settings.client());
        GhostUsers ghosts = new GhostUsers(ctx.vertx(), client, ctx.store(), ctx.clock());
        this.rooms = new RoomService(ctx.vertx(), client, ctx.store(), ctx.ghosts(), ghosts, ctx.name(), botUser,
                settings.roomVersion(), ctx.clock(), ctx.metrics(), ctx::linked);
        StoreRefs refs = new StoreRefs(ctx.store(), ctx.name());
        this.outbound = new Outbound(ctx.vertx(), client, ctx.ghosts(), ghosts, new MediaUpload(ctx.media(), client),
                refs, ctx.name());
        Bot bot = new Bot(rooms.botActions(this::health), botUser);
        Inbound inbound = new Inbound(ctx.vertx(), ctx.events(), ctx.ghosts(), ghosts, rooms, bot, refs, ctx.clock(),
                ctx.metrics());
        this.server = new AppServiceServer(ctx.vertx(), settings.appService(), inbound, ctx.metrics());
        this.health = Health.connecting(ctx.clock().instant(), "not started");
        this.refusals = new AccessRefusals(ctx.metrics());
    }

    @Override
    public Network network() {
        return Network.MATRIX;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public Future<Void> start() {
        return server.start().map(bound -> {
            port = bound;
            running = true;
            synchronized (this) {
                if (!fetcherRegistered) {
                    ctx.media().register(new MatrixMediaFetcher(client));
                    fetcherRegistered = true;
                }
            }
            LOG.info("Matrix appservice endpoint listening on {}:{}", settings.appService().host(), bound);
            connect(FIRST_RETRY);
            return null;
        });
    }

    @Override
    public Future<Void> stop() {
        running = false;
        synchronized (this) {
            if (retryTimer >= 0) {
                ctx.vertx().cancelTimer(retryTimer);
                retryTimer = -1;
            }
        }
        return server.stop().onComplete(ar -> {
            client.close();
            health = Health.down(ctx.clock().instant(), "stopped");
        });
    }

    @Override
    public Health health() {
        Health h = health;
        if (h.state() != Health.State.UP) {
            return h;
        }
        // Up once the bot was registered; DOWN again while calls to the homeserver fail to reach it.
        return client.reachability().outage()
                .map(o -> Health.down(o.since(), "homeserver " + settings.client().homeserver()
                        + " not reachable: " + o.why()))
                .orElse(h);
    }

    /** The port the appservice endpoint is bound to, or -1 before {@link #start()}. */
    public int appServicePort() {
        return port;
    }

    @Override
    public Future<Rendered> render(Delivery delivery) {
        return outbound.render(delivery).onFailure(this::whileUp);
    }

    @Override
    public Future<SendResult> send(Delivery delivery, Rendered rendered) {
        return outbound.send(delivery, rendered).onFailure(this::whileUp);
    }

    /** A call refused for the as_token while up: DOWN, and back into the registration loop until it passes. */
    private void whileUp(Throwable failure) {
        boolean wasUp = health.ready();
        if (!tokenRefused(failure) || !wasUp) {
            return;
        }
        synchronized (this) {
            if (running && retryTimer < 0) {
                retryTimer = ctx.vertx().setTimer(FIRST_RETRY.toMillis(), id -> connect(FIRST_RETRY.multipliedBy(2)));
            }
        }
    }

    /**
     * If the homeserver refused the as_token: counts it (logging it when the reason changes), reports DOWN with
     * what to fix, and answers true.
     */
    private boolean tokenRefused(Throwable failure) {
        if (!(failure instanceof MatrixApiException refusal) || refusal.reason() != GatewayException.Reason.AUTH) {
            return false;
        }
        String reason = refusal.errcode().map(c -> c.toLowerCase(Locale.ROOT).replaceFirst("^m_", ""))
                .filter(c -> c.matches("[a-z][a-z0-9_]{0,39}")).orElse("unauthorized");
        String detail = "homeserver " + settings.client().homeserver() + " refused the as_token ("
                + refusal.errcode().orElse("HTTP " + refusal.status()) + "); the connector's as-token must be the "
                + "as_token of the appservice registration the homeserver loaded";
        synchronized (this) {
            if (reason.equals(loggedRefusal)) {
                refusals.repeated(AccessRefusals.Surface.HOMESERVER, reason);
            } else {
                refusals.refused(AccessRefusals.Surface.HOMESERVER, reason, settings.client().homeserver().toString(),
                        detail);
                loggedRefusal = reason;
            }
        }
        health = Health.down(ctx.clock().instant(), detail);
        return true;
    }

    /**
     * Tells the Matrix sender: a notice from the bot in the origin room, replying to the event that could not
     * be delivered. The bot is not in DMs, which the remote user's ghost made or joined: there the ghost says it.
     */
    @Override
    public Future<Void> reportFailure(DeliveryFailure failure) {
        if (!(failure.event().conversation() instanceof MatrixRoomId room)) {
            return Future.succeededFuture();
        }
        String eventId = failure.event().origin().nativeId().value();
        String text = "Could not deliver to " + failure.target().toUri() + ": " + failure.message();
        String txn = RoomService.txnId("failed-", IdempotencyKey.derive(failure.event().id(), failure.target())
                .value());
        return rooms.notice(Optional.empty(), room.toString(), text, txn, Optional.of(eventId)).recover(refused -> {
            Optional<MatrixUserId> ghost = remoteGhost(failure.target());
            if (!GhostUsers.forbidden(refused) || ghost.isEmpty()) {
                return Future.failedFuture(refused);
            }
            return rooms.notice(ghost, room.toString(), text, txn, Optional.of(eventId));
        });
    }

    /** The ghost standing for a remote user (the other end of a DM); empty for a remote room. */
    private Optional<MatrixUserId> remoteGhost(Address target) {
        if (target.network() == Network.MATRIX) {
            return Optional.empty();
        }
        try {
            Address ghost = ctx.ghosts().ghostFor(target, Network.MATRIX);
            return ghost instanceof MatrixUserId user ? Optional.of(user) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Asks the homeserver to ping the appservice endpoint, the usual misconfiguration being a registration
     * {@code url} the homeserver cannot reach: it then never pushes anything, and only the log says why.
     */
    private void checkReachable() {
        client.ping(settings.registrationId()).onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("The homeserver reaches the appservice endpoint (round trip {} ms)", ar.result().toMillis());
            } else {
                LOG.warn("The homeserver could not ping the appservice endpoint of registration '{}': {}; check the "
                        + "registration's url and id", settings.registrationId(), ar.cause().getMessage());
            }
        });
    }

    /** Registers the bot; on failure reports DOWN and tries again later, with a growing delay. */
    private void connect(Duration nextDelay) {
        if (!running) {
            return;
        }
        client.registerGhost(settings.botLocalpart()).onComplete(ar -> {
            synchronized (this) {
                retryTimer = -1;
            }
            if (ar.succeeded()) {
                synchronized (this) {
                    loggedRefusal = null;
                }
                health = Health.up(ctx.clock().instant());
                LOG.info("Matrix connector up: bot {} registered", botUser);
                checkReachable();
                return;
            }
            if (!tokenRefused(ar.cause())) {
                health = Health.down(ctx.clock().instant(), "homeserver " + settings.client().homeserver()
                        + " not reachable: " + ar.cause().getMessage());
                LOG.warn("Matrix homeserver not reachable, retrying in {}: {}", nextDelay, ar.cause().toString());
            }
            synchronized (this) {
                if (running) {
                    Duration doubled = nextDelay.multipliedBy(2);
                    Duration after = doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
                    retryTimer = ctx.vertx().setTimer(nextDelay.toMillis(), id -> connect(after));
                }
            }
        });
    }
}
