package dev.passerelle.deploy;

import dev.passerelle.core.admin.AdminServer;
import dev.passerelle.core.config.ConnectorConfig;
import dev.passerelle.core.config.GatewayConfig;
import dev.passerelle.core.config.StoreSettings;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.media.HttpMediaFetcher;
import dev.passerelle.core.media.Media;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.router.Router;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.store.Store;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: wires metrics, Vert.x, the store, ghost naming, the router, the media service,
 * the configured connectors and the admin listener, and stops them in the reverse of the order they started. The
 * metrics registry and then the store are made on a thread of their own while Vert.x and the media listener start,
 * and the connectors start side by side; the rest starts in the order above.
 * {@link #start()} and {@link #stop()} block the calling (launcher) thread; never call them on an event loop.
 */
final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** How long one component may take to start (a connector's first connection included). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long one component may take to stop before shutdown moves on to the next. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final GatewayConfig config;
    private final ConnectorCatalog catalog;
    private final Clock clock;

    private final Object stopLock = new Object();
    private final Deque<Stage> stages = new ArrayDeque<>(); // guarded by this
    private boolean stopping; // guarded by this
    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile PrometheusMeterRegistry registry;
    private volatile AdminServer admin;
    private volatile Map<String, Connector> connectors = Map.of();

    Gateway(GatewayConfig config, ConnectorCatalog catalog, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Something started, and how to stop it. */
    private record Stage(String name, Stopper stopper) {
    }

    @FunctionalInterface
    private interface Stopper {
        void stop() throws Exception;
    }

    /**
     * Starts every component in order; on failure the exception propagates and whatever did start is
     * left for {@link #stop()}.
     */
    void start() throws Exception {
        long t0 = System.nanoTime();
        LOG.info("Passerelle {} starting", Version.current());
        // Every connector type must be installed before anything is opened.
        config.connectors().values().forEach(catalog::require);
        Files.createDirectories(config.dataDir());

        // The metrics registry is made, then the store opened (the H2 file or the PostgreSQL pool, its schema
        // checked), on a thread of their own while Vert.x and the media listener start: on two cores the two halves
        // take about as long together as the longer alone.
        Executor ownThread = task -> new Thread(task, "passerelle-store-open").start();
        CompletableFuture<PrometheusMeterRegistry> measuring = CompletableFuture.supplyAsync(
                () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ownThread);
        CompletableFuture<Store> opening = measuring.thenApplyAsync(made -> JdbcStore.open(storeConfig(config), made),
                ownThread);
        PrometheusMeterRegistry metrics;
        Vertx vertx;
        MediaService media;
        Store store;
        try {
            vertx = Vertx.vertx();
            started("Vert.x", () -> await(vertx.close(), STOP_TIMEOUT, "Vert.x close"));
            metrics = joined(measuring);
            registry = metrics;
            jvmMetrics(metrics);

            media = Media.create(vertx, config.media(), metrics, clock);
            if (config.webFetch().enabled()) {
                // Attachments other networks give as http(s) URLs, fetched so that a network storing files gets the
                // file.
                media.register(new HttpMediaFetcher(vertx, "http", config.webFetch()));
                media.register(new HttpMediaFetcher(vertx, "https", config.webFetch()));
            }
            await(media.start(), START_TIMEOUT, "media listener start");
            started("media listener", () -> await(media.stop(), STOP_TIMEOUT, "media listener stop"));
            LOG.info("Media listener on {}:{}, public base URL {}", config.media().host(), config.media().port(),
                    config.media().publicBaseUrl());
            store = joined(opening);
        } catch (Exception | Error e) {
            // Whatever failed, a store that opens after it is closed again.
            opening.thenAccept(Store::close);
            throw e;
        }
        started("store", store::close);
        LOG.info("Store open: {}", describe(config));

        GhostNaming ghosts = new GhostNaming(config.ghosts());
        Router router = new Router(vertx, store, ghosts, config.router(), metrics, clock);

        Map<String, Connector> created = new LinkedHashMap<>();
        for (ConnectorConfig c : config.connectors().values()) {
            Connector connector = catalog.require(c).create(new WiredConnectorContext(c.name(), router, router.store(),
                    ghosts, media, vertx, c.section(), metrics, clock,
                    link -> GatewayAdminBackend.tell(connectors.values(), link)));
            router.attach(connector);
            created.put(c.name(), connector);
            LOG.info("Connector {} created: type {}, network {}", c.name(), c.type(), connector.network().id());
        }
        connectors = Collections.unmodifiableMap(created);

        await(router.start(), START_TIMEOUT, "router start");
        started("router", () -> await(router.stop(), STOP_TIMEOUT, "router stop"));

        // The connectors connect side by side (one's server handshake need not wait for another's); every one that
        // started is stopped on the way out if another could not.
        Map<String, Future<Void>> starting = new LinkedHashMap<>();
        created.forEach((name, connector) -> starting.put(name, connector.start()));
        Exception failed = null;
        for (Map.Entry<String, Future<Void>> e : starting.entrySet()) {
            Connector connector = created.get(e.getKey());
            try {
                await(e.getValue(), START_TIMEOUT, "connector " + e.getKey() + " start");
                started("connector " + e.getKey(),
                        () -> await(connector.stop(), STOP_TIMEOUT, "connector " + e.getKey() + " stop"));
                LOG.info("Connector {} started", e.getKey());
            } catch (Exception x) {
                if (failed == null) {
                    failed = x;
                } else {
                    failed.addSuppressed(x);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }

        AdminServer server = await(AdminServer.start(vertx, config.admin(),
                new GatewayAdminBackend(router, store, connectors), metrics, clock), START_TIMEOUT, "admin listener start");
        admin = server;
        started("admin listener", () -> await(server.stop(), STOP_TIMEOUT, "admin listener stop"));
        LOG.info("Admin listener on http://{}:{}{}", config.admin().host(), server.port(),
                config.admin().token().isPresent() ? " (bearer token required)" : "");

        LOG.info("Passerelle {} started in {} ms", Version.current(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** What a start-up thread made; its failure as it was thrown. */
    private static <T> T joined(CompletableFuture<T> made) throws InterruptedException {
        try {
            return made.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the start-up thread failed", e.getCause());
        }
    }

    /**
     * Stops everything that started, newest first. Safe to call more than once and from the shutdown
     * hook while {@link #start()} is still running: what starts after this is stopped at once.
     */
    void stop() {
        synchronized (stopLock) {
            boolean first;
            synchronized (this) {
                first = !stopping;
                stopping = true;
            }
            if (first) {
                LOG.info("Passerelle stopping");
            }
            Stage stage;
            while ((stage = next()) != null) {
                stop(stage);
            }
            if (first) {
                LOG.info("Passerelle stopped");
            }
            stopped.countDown();
        }
    }

    /** Blocks until {@link #stop()} has finished. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** The port the admin listener bound; only after {@link #start()}. */
    int adminPort() {
        return admin.port();
    }

    Map<String, Connector> connectors() {
        return connectors;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    private synchronized Stage next() {
        return stages.poll();
    }

    private void started(String name, Stopper stopper) {
        Stage stage = new Stage(name, stopper);
        synchronized (this) {
            if (!stopping) {
                stages.push(stage);
                return;
            }
        }
        stop(stage);
        throw new IllegalStateException("shutdown requested during start-up");
    }

    private static void stop(Stage stage) {
        try {
            stage.stopper().stop();
            LOG.info("Stopped {}", stage.name());
        } catch (Exception e) {
            // Shutdown goes on regardless: one component that will not stop must not keep the others,
            // the store above all, from closing.
            LOG.warn("{} did not stop cleanly: {}", stage.name(), e.toString());
        }
    }

    /** Adds the JVM's meters (collections, memory, threads, classes, CPU, uptime, file descriptors). */
    private void jvmMetrics(PrometheusMeterRegistry metrics) {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        new FileDescriptorMetrics().bindTo(metrics);
        started("metrics", () -> {
            gc.close();
            metrics.close();
        });
    }

    /** The JDBC settings: the configured URL, or the embedded H2 file under the data directory. */
    static JdbcStoreConfig storeConfig(GatewayConfig config) {
        StoreSettings s = config.store();
        if (s.url().isEmpty()) {
            JdbcStoreConfig h2 = JdbcStoreConfig.h2File(config.dataDir());
            return new JdbcStoreConfig(h2.url(), s.user().orElse(h2.user()), s.password().orElse(h2.password()),
                    s.poolSize(), s.cacheSize());
        }
        return new JdbcStoreConfig(s.url().get(), s.user().orElse(null), s.password().orElse(null), s.poolSize(),
                s.cacheSize());
    }

    private static String describe(GatewayConfig config) {
        // The query part of a JDBC URL may carry credentials: never log it.
        return config.store().url().map(u -> u.replaceFirst("\\?.*", "?..."))
                .orElse("embedded H2 under " + config.dataDir().toAbsolutePath());
    }

    /** Waits for a Vert.x future from the launcher thread. */
    static <T> T await(Future<T> future, Duration timeout, String what) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not complete within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
