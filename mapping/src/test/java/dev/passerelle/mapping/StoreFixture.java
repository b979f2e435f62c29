package dev.passerelle.mapping;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.JournalResult;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Opens a store over a fresh database before each test and closes it after; the database comes from
 * the subclass ({@link #newDatabase()}), so the same contract runs on H2 and PostgreSQL.
 */
abstract class StoreFixture {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    static final Address XMPP_ROOM = Jid.of("lobby", "conference.example.org");
    static final Address MATRIX_ROOM = MatrixRoomId.parse("!lobby:example.org");
    static final Address MIMI_ROOM = new MimiRoomUri("hub.example", "lobby");

    final MutableClock clock = new MutableClock(T0);
    SimpleMeterRegistry registry;
    JdbcStoreConfig config;
    JdbcStore store;

    /** A config for a new, empty database that stays available for reopening until the test ends. */
    abstract JdbcStoreConfig newDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        config = newDatabase();
        registry = new SimpleMeterRegistry();
        store = JdbcStore.open(config, registry, clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Closes the store and opens a new one over the same database, as a restarted process would. */
    void restart() {
        store.close();
        registry = new SimpleMeterRegistry();
        store = JdbcStore.open(config, registry, clock);
    }

    void later() {
        clock.advance(Duration.ofSeconds(1));
    }

    static Link link(Address... rooms) {
        return new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(rooms), T0);
    }

    static NativeRef xmppRef(String id) {
        return new NativeRef(Network.XMPP, XMPP_ROOM, new NativeId(id));
    }

    static NativeRef matrixRef(String id) {
        return new NativeRef(Network.MATRIX, MATRIX_ROOM, new NativeId(id));
    }

    static NativeRef mimiRef(String id) {
        return new NativeRef(Network.MIMI, MIMI_ROOM, new NativeId(id));
    }

    static Address matrixUser(String local) {
        return MatrixUserId.parse("@" + local + ":example.org");
    }

    static byte[] json(EventId event) {
        return ("{\"v\":1,\"id\":\"" + event + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** An inbound XMPP message in link {@code link}, owed to the Matrix and MIMI rooms. */
    static JournalBatch.Append append(EventId event, String originId, LinkId link) {
        return new JournalBatch.Append(event, xmppRef(originId), link, json(event), List.of(
                new JournalBatch.Target(MATRIX_ROOM, IdempotencyKey.derive(event, MATRIX_ROOM)),
                new JournalBatch.Target(MIMI_ROOM, IdempotencyKey.derive(event, MIMI_ROOM))));
    }

    /**
     * The next group commit of a busy journal writer, as the crash tests make it: five appends whose origin ids start
     * with {@code prefix}, the eight oldest of the {@code owed} deliveries confirmed (taken from it) once more than 40
     * are owed, and the newest owed one retried.
     */
    static JournalBatch busyCommit(String prefix, LinkId link, ArrayDeque<Long> owed) {
        List<JournalBatch.Append> appends = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            appends.add(append(EventId.random(), prefix + "-" + k, link));
        }
        List<JournalBatch.Done> done = new ArrayList<>();
        while (owed.size() > 40 && done.size() < 8) {
            done.add(new JournalBatch.Done(owed.poll(), EventId.random(), Optional.empty(), List.of()));
        }
        List<JournalBatch.Retry> retries = new ArrayList<>();
        if (owed.size() > 2) {
            retries.add(new JournalBatch.Retry(owed.peekLast(), 1, Instant.now(), "target away"));
        }
        return new JournalBatch(appends, List.of(), done, retries, List.of());
    }

    /** The deliveries {@code result} appended, in order. */
    static List<Long> appended(JournalResult result) {
        List<Long> seqs = new ArrayList<>();
        for (long[] each : result.appended()) {
            for (long seq : each) {
                seqs.add(seq);
            }
        }
        return seqs;
    }

    static JournalBatch appends(JournalBatch.Append... appends) {
        return new JournalBatch(Arrays.asList(appends), List.of(), List.of(), List.of(), List.of());
    }

    static JournalBatch rendered(JournalBatch.RenderedUpdate... updates) {
        return new JournalBatch(List.of(), Arrays.asList(updates), List.of(), List.of(), List.of());
    }

    static JournalBatch done(JournalBatch.Done... done) {
        return new JournalBatch(List.of(), List.of(), Arrays.asList(done), List.of(), List.of());
    }

    static JournalBatch retries(JournalBatch.Retry... retries) {
        return new JournalBatch(List.of(), List.of(), List.of(), Arrays.asList(retries), List.of());
    }

    static JournalBatch deadLetters(JournalBatch.DeadLetter... dead) {
        return new JournalBatch(List.of(), List.of(), List.of(), List.of(), Arrays.asList(dead));
    }
}
