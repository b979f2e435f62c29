package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.stream.ComponentSettings;
import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.media.Media;
import dev.passerelle.core.media.MediaFetcher;
import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.media.MediaSettings;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.store.Store;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.packet.Stanza;

/** What an XMPP connector needs around it in tests: an H2 store, ghost naming, media, metrics and a stanza tap. */
final class Harness implements AutoCloseable {
    static final String DOMAIN = "gw.localhost";
    static final GhostNaming GHOSTS = new GhostNaming(new GhostSpaces(DOMAIN, "localhost", "_passerelle_",
            "localhost"));

    final Vertx vertx;
    final JdbcStore store;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final MediaService media;
    /** Every stanza the connector sent, as XML, in order. */
    final List<String> sent = new CopyOnWriteArrayList<>();
    /** Schema problems of sent stanzas; tests assert it stays empty. */
    final List<String> invalid = new CopyOnWriteArrayList<>();

    Harness(Vertx vertx) {
        this.vertx = vertx;
        this.store = JdbcStore.open(JdbcStoreConfig.h2Memory("xmpp-" + UUID.randomUUID()), metrics);
        byte[] key = "a media signing key for the xmpp connector tests".getBytes(StandardCharsets.UTF_8);
        this.media = Media.create(vertx, new MediaSettings("127.0.0.1", 1, URI.create("http://127.0.0.1:1"), key,
                Duration.ofMinutes(10), 1 << 20), metrics, Clock.systemUTC());
        // Signing needs a fetcher for the scheme; these tests check the URLs, never fetch through them.
        media.register(new MediaFetcher() {
            @Override
            public String scheme() {
                return "mxc";
            }

            @Override
            public Future<MediaSource> fetch(URI source) {
                return Future.failedFuture(new IllegalStateException("no media behind " + source + " in tests"));
            }
        });
    }

    static XmppSettings settings(String host, int port, String secret) {
        return settings(host, port, secret, false);
    }

    /** With attachments going to the server's upload service when {@code upload}. */
    static XmppSettings settings(String host, int port, String secret, boolean upload) {
        return new XmppSettings(new ComponentSettings(host, port, DOMAIN, secret,
                ComponentSettings.DEFAULT_MAX_STANZA_BYTES, ComponentSettings.DEFAULT_MAX_DEPTH,
                Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                Set.of("conference.localhost"), "passerelle", Duration.ofMinutes(5), 1000, 1000, upload);
    }

    XmppConnector connector(XmppSettings settings, EventSink sink) {
        return new XmppConnector(context(sink), settings, this::tap);
    }

    ConnectorContext context(EventSink sink) {
        Harness h = this;
        return new ConnectorContext() {
            @Override
            public String name() {
                return "xmpp";
            }

            @Override
            public EventSink events() {
                return sink;
            }

            @Override
            public Store store() {
                return h.store;
            }

            @Override
            public GhostNaming ghosts() {
                return GHOSTS;
            }

            @Override
            public MediaService media() {
                return h.media;
            }

            @Override
            public Vertx vertx() {
                return h.vertx;
            }

            @Override
            public ConfigSection config() {
                throw new UnsupportedOperationException("tests build XmppSettings directly");
            }

            @Override
            public MeterRegistry metrics() {
                return h.metrics;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }

    private void tap(Stanza stanza) {
        String xml = stanza.toXML().toString();
        sent.add(xml);
        List<String> errors = StanzaSchemas.shared().errors(xml);
        if (!errors.isEmpty()) {
            invalid.add(String.join("; ", errors) + "\n" + xml);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
