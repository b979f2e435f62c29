package dev.passerelle.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.spi.EventSink.Accepted;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.SlowCommits;
import dev.passerelle.core.store.Store;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The message map connectors see through {@link Router#store()}: a native id a target has just given a message is
 * found before the journal's commit of the confirmation, and the store answers for it after.
 */
class UnwrittenRefsTest {
    /** Each commit with completions waits this long; the MIMI target's completion may be committed first. */
    private static final Duration SLOW = Duration.ofSeconds(5);

    private Vertx vertx;
    private JdbcStore jdbc;
    private SlowCommits store;
    private RouterFixture fixture;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        jdbc = JdbcStore.open(JdbcStoreConfig.h2Memory("unwritten-" + UUID.randomUUID()), new SimpleMeterRegistry());
        store = new SlowCommits(jdbc);
        TestConnector matrix = new TestConnector(Network.MATRIX)
                .answer(d -> SendResult.withId(new NativeId("$" + d.event().origin().nativeId().value()))
                        .withAlias(new NativeId("alias-" + d.event().origin().nativeId().value())));
        fixture = new RouterFixture(vertx, store, RouterFixture.fastRetries(), matrix, new TestConnector(Network.MIMI));
        fixture.router.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        fixture.link(1);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
        jdbc.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMessageJustSentIsFoundByItsNewIdsWhileItsConfirmationWaitsForTheStore() throws Exception {
        store.delay = SLOW;
        MessageSent message = RouterFixture.message(0, 1);
        assertThat(fixture.xmpp.inject(message).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(Accepted.RELAYED);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.matrix.sent().size() == 1);
        NativeId given = new NativeId("$m-0-1");
        NativeId alias = new NativeId("alias-m-0-1");
        Store seen = fixture.router.store();

        // The target has confirmed; the commit that records its ids is still held.
        await().atMost(Duration.ofSeconds(2)).until(() -> seen.messages().find(Network.MATRIX, given).isPresent());
        assertThat(jdbc.messages().find(Network.MATRIX, given)).as("the store alone does not know the id yet").isEmpty();
        assertThat(seen.messages().find(Network.MATRIX, given)).contains(message.id());
        assertThat(seen.messages().find(Network.MATRIX, alias)).contains(message.id());
        assertThat(seen.messages().ref(message.id(), Network.MATRIX)).map(NativeRef::nativeId).contains(given);
        assertThat(seen.messages().find(Network.MATRIX, new NativeId("$never-sent"))).isEmpty();

        // Once committed, the store answers, and the ids are not listed twice.
        await().atMost(SLOW.multipliedBy(4)).until(() -> store.completionsWritten() == 2);
        assertThat(jdbc.messages().find(Network.MATRIX, given)).contains(message.id());
        assertThat(seen.messages().find(Network.MATRIX, given)).contains(message.id());
        assertThat(seen.messages().refs(message.id())).extracting(NativeRef::nativeId)
                .containsOnlyOnce(given, alias, message.origin().nativeId());
    }

    @Test
    void theViewWritesThroughAndClosingItLeavesTheStoreOpen() {
        Store seen = fixture.router.store();
        EventId event = EventId.random();
        NativeRef ref = new NativeRef(Network.MATRIX, RouterFixture.matrixRoom(0), new NativeId("$written"));
        seen.messages().put(event, ref);
        assertThat(jdbc.messages().find(Network.MATRIX, ref.nativeId())).isEqualTo(Optional.of(event));
        seen.close();
        assertThat(jdbc.healthy()).isTrue();
        assertThat(seen.links()).isSameAs(jdbc.links());
    }
}
