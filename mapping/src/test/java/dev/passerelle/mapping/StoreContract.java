package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.store.EventRecords;
import dev.passerelle.core.store.Ghost;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.JournalResult;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.Rendered;
import dev.passerelle.core.store.StateChange;
import dev.passerelle.core.store.StateWrite;
import dev.passerelle.core.store.StoreException;
import dev.passerelle.core.store.StoredDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole store contract: the mapping ports (inherited) and the delivery journal, plus a restart over
 * the same database. A database gets its test class by extending this one.
 */
abstract class StoreContract extends MappingPortsContract {

    final LinkId linkId = LinkId.random();

    private static Rendered bytes(String text) {
        return new Rendered(utf8(text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<Long> pendingSeqs() {
        return store.journal().pending().stream().map(StoredDelivery::seq).toList();
    }

    @Test
    void appendsGetOneDeliveryPerTargetWithIncreasingSeqs() {
        EventId first = EventId.random();
        EventId second = EventId.random();

        JournalResult result = store.journal().write(appends(append(first, "s1", linkId), append(second, "s2", linkId)));

        assertThat(result.appended()).hasSize(2);
        assertThat(result.duplicate(0)).isFalse();
        assertThat(result.duplicate(1)).isFalse();
        long[] a = result.appended().get(0);
        long[] b = result.appended().get(1);
        assertThat(a).hasSize(2);
        assertThat(b).hasSize(2);
        assertThat(new long[] {a[0], a[1], b[0], b[1]}).isSorted().doesNotHaveDuplicates();

        List<StoredDelivery> pending = store.journal().pending();
        assertThat(pending).extracting(StoredDelivery::seq).containsExactly(a[0], a[1], b[0], b[1]);
        StoredDelivery toMatrix = pending.get(0);
        assertThat(toMatrix.event()).isEqualTo(first);
        assertThat(toMatrix.link()).isEqualTo(linkId);
        assertThat(toMatrix.target()).isEqualTo(MATRIX_ROOM);
        assertThat(toMatrix.key()).isEqualTo(IdempotencyKey.derive(first, MATRIX_ROOM));
        assertThat(toMatrix.eventJson()).isEqualTo(json(first));
        assertThat(toMatrix.rendered()).isEmpty();
        assertThat(toMatrix.attempts()).isZero();
        assertThat(toMatrix.notBefore()).isEqualTo(T0);
        assertThat(toMatrix.status()).isEqualTo(StoredDelivery.Status.PENDING);
        assertThat(toMatrix.lastError()).isEmpty();
        assertThat(pending.get(1).target()).isEqualTo(MIMI_ROOM);
        assertThat(pending.get(2).event()).isEqualTo(second);
        assertThat(store.journal().pendingCount()).isEqualTo(4);
        StoredDelivery found = store.journal().find(b[1]).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(pending.get(3));
        assertThat(found.eventJson()).isEqualTo(json(second));
        assertThat(store.journal().find(b[1] + 1000)).isEmpty();

        // The origin is mapped in the same transaction.
        assertThat(store.messages().find(Network.XMPP, new NativeId("s1"))).contains(first);
    }

    @Test
    void seqsKeepIncreasingAcrossBatchesInAppendOrder() {
        List<Long> expected = new ArrayList<>();
        List<EventId> appended = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            List<JournalBatch.Append> appends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                EventId event = EventId.random();
                appended.add(event);
                appends.add(append(event, "b" + batch + "-" + i, linkId));
            }
            JournalResult result = store.journal().write(new JournalBatch(appends, List.of(), List.of(), List.of(), List.of()));
            for (long[] seqs : result.appended()) {
                for (long seq : seqs) {
                    expected.add(seq);
                }
            }
        }

        assertThat(expected).hasSize(1200).isSorted().doesNotHaveDuplicates();
        assertThat(pendingSeqs()).isEqualTo(expected);
        // Per target, the journal hands deliveries back in the order the events were appended.
        List<EventId> toMatrix = store.journal().pending().stream()
                .filter(d -> d.target().equals(MATRIX_ROOM)).map(StoredDelivery::event).toList();
        assertThat(toMatrix).isEqualTo(appended);
    }

    @Test
    void anOriginAlreadyJournalledIsADuplicate() {
        EventId first = EventId.random();
        store.journal().write(appends(append(first, "s1", linkId)));

        EventId redelivered = EventId.random();
        EventId fresh = EventId.random();
        JournalResult result = store.journal().write(appends(append(redelivered, "s1", linkId), append(fresh, "s2", linkId)));

        assertThat(result.duplicate(0)).isTrue();
        assertThat(result.appended().get(0)).isNull();
        assertThat(result.duplicate(1)).isFalse();
        assertThat(store.journal().pending()).extracting(StoredDelivery::event).containsExactly(first, first, fresh, fresh);
        assertThat(store.messages().find(Network.XMPP, new NativeId("s1"))).contains(first);
        assertThat(store.messages().refs(redelivered)).isEmpty();
    }

    @Test
    void aSecondAppendOfTheSameOriginInOneBatchIsADuplicate() {
        EventId first = EventId.random();
        EventId again = EventId.random();
        EventId other = EventId.random();

        JournalResult result = store.journal().write(appends(
                append(first, "s1", linkId), append(again, "s1", linkId), append(other, "s2", linkId)));

        assertThat(result.duplicate(0)).isFalse();
        assertThat(result.duplicate(1)).isTrue();
        assertThat(result.duplicate(2)).isFalse();
        assertThat(result.appended().get(2)[0]).isGreaterThan(result.appended().get(0)[1]);
        assertThat(store.journal().pending()).extracting(StoredDelivery::event).containsExactly(first, first, other, other);
        assertThat(store.journal().pendingCount()).isEqualTo(4);
    }

    @Test
    void anOriginMappedAsSomeDeliveryResultIsADuplicate() {
        // The gateway's own message, echoed back by the network it was sent to.
        EventId sent = EventId.random();
        store.messages().put(sent, xmppRef("echo-1"));

        JournalResult result = store.journal().write(appends(append(EventId.random(), "echo-1", linkId)));

        assertThat(result.duplicate(0)).isTrue();
        assertThat(store.journal().pendingCount()).isZero();
    }

    @Test
    void anAppendWithoutTargetsIsRecordedWithNoDeliveries() {
        EventId event = EventId.random();
        JournalBatch.Append lonely = new JournalBatch.Append(event, xmppRef("s1"), linkId, json(event), List.of());

        JournalResult result = store.journal().write(appends(lonely));

        assertThat(result.duplicate(0)).isFalse();
        assertThat(result.appended().get(0)).isEmpty();
        assertThat(store.messages().find(Network.XMPP, new NativeId("s1"))).contains(event);
        assertThat(store.journal().prune()).isEqualTo(1);
    }

    @Test
    void pruningDeletesEveryEventWithoutDeliveriesBeyondOneChunk() {
        List<JournalBatch.Append> lonely = new java.util.ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            EventId event = EventId.random();
            lonely.add(new JournalBatch.Append(event, xmppRef("chunk" + i), linkId, json(event), List.of()));
        }
        store.journal().write(appends(lonely.toArray(JournalBatch.Append[]::new)));

        assertThat(store.journal().prune()).isEqualTo(2_500);
        assertThat(store.journal().prune()).isZero();
    }

    @Test
    void pruningAmongPendingEventsDeletesOnlyTheOrphansAndKeepsEveryPendingDeliveryReadable() {
        List<JournalBatch.Append> mixed = new java.util.ArrayList<>();
        List<EventId> kept = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            EventId event = EventId.random();
            if (i % 3 == 0) {
                kept.add(event);
                mixed.add(append(event, "kept" + i, linkId));
            } else {
                mixed.add(new JournalBatch.Append(event, xmppRef("orphan" + i), linkId, json(event), List.of()));
            }
        }
        store.journal().write(appends(mixed.toArray(JournalBatch.Append[]::new)));

        assertThat(store.journal().prune()).isEqualTo(2_000);
        assertThat(store.journal().prune()).isZero();
        List<StoredDelivery> pending = store.journal().pending();
        assertThat(pending).hasSize((int) store.journal().pendingCount()).hasSize(2 * kept.size());
        assertThat(pending).extracting(StoredDelivery::event).containsOnlyElementsOf(kept);
    }

    @Test
    void anEmptyBatchWritesNothing() {
        JournalResult result = store.journal().write(new JournalBatch(List.of(), List.of(), List.of(), List.of(), List.of()));

        assertThat(result.appended()).isEmpty();
        assertThat(store.journal().pendingCount()).isZero();
    }

    @Test
    void aFailingBatchWritesNothingAtAll() {
        EventId event = EventId.random();
        store.journal().write(appends(append(event, "s1", linkId)));
        long before = store.journal().pendingCount();
        long seq = store.journal().pending().get(0).seq();

        // The second append reuses an event id under a new origin: the journal refuses the event row,
        // which must also undo the first append, the origin mappings and the rendered update.
        EventId fresh = EventId.random();
        JournalBatch failing = new JournalBatch(
                List.of(append(fresh, "s2", linkId), append(event, "s3", linkId)),
                List.of(new JournalBatch.RenderedUpdate(seq, bytes("rendered"))), List.of(), List.of(), List.of());

        assertThatThrownBy(() -> store.journal().write(failing)).isInstanceOf(StoreException.Conflict.class);

        assertThat(store.journal().pendingCount()).isEqualTo(before);
        assertThat(store.messages().find(Network.XMPP, new NativeId("s2"))).isEmpty();
        assertThat(store.messages().find(Network.XMPP, new NativeId("s3"))).isEmpty();
        assertThat(store.journal().find(seq)).get().extracting(StoredDelivery::rendered).isEqualTo(Optional.empty());
        // The journal still takes the next batch.
        assertThat(store.journal().write(appends(append(fresh, "s2", linkId))).duplicate(0)).isFalse();
    }

    @Test
    void malformedEntriesAreRefusedBeforeAnythingIsWritten() {
        JournalBatch.Append noJson = new JournalBatch.Append(EventId.random(), xmppRef("s1"), linkId, null, List.of());

        assertThatThrownBy(() -> store.journal().write(appends(append(EventId.random(), "s0", linkId), noJson)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.journal().pendingCount()).isZero();
        assertThatThrownBy(() -> store.journal().write(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renderedPayloadIsStoredWithTheDelivery() {
        EventId event = EventId.random();
        long[] seqs = store.journal().write(appends(append(event, "s1", linkId))).appended().get(0);

        store.journal().write(rendered(new JournalBatch.RenderedUpdate(seqs[0], bytes("{\"msgtype\":\"m.text\"}"))));

        assertThat(store.journal().find(seqs[0])).get().extracting(StoredDelivery::rendered)
                .isEqualTo(Optional.of(bytes("{\"msgtype\":\"m.text\"}")));
        assertThat(store.journal().find(seqs[1])).get().extracting(StoredDelivery::rendered).isEqualTo(Optional.empty());
    }

    @Test
    void renderedStateWritesCommitWithThePayloadAndSurviveARestart() {
        long[] seqs = store.journal().write(appends(append(EventId.random(), "s1", linkId))).appended().get(0);
        store.state().put("dma", "group-a", new byte[] {1});
        Rendered withState = new Rendered(utf8("ciphertext"), List.of(
                new StateWrite("dma", "group-a", new byte[] {2}), new StateWrite("dma", "group-b", new byte[] {3})));

        store.journal().write(rendered(new JournalBatch.RenderedUpdate(seqs[0], withState)));
        restart();

        // The delivery keeps the bytes only; the state went to the connector's own entries.
        assertThat(store.journal().find(seqs[0])).get().extracting(StoredDelivery::rendered)
                .isEqualTo(Optional.of(bytes("ciphertext")));
        assertThat(store.state().get("dma", "group-a")).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
        assertThat(store.state().get("dma", "group-b")).hasValueSatisfying(v -> assertThat(v).containsExactly(3));
    }

    @Test
    void aFailingBatchWritesNeitherTheRenderedPayloadNorItsState() {
        EventId event = EventId.random();
        long seq = store.journal().write(appends(append(event, "s1", linkId))).appended().get(0)[0];
        store.state().put("dma", "group-a", new byte[] {1});
        Rendered withState = new Rendered(utf8("ciphertext"), List.of(new StateWrite("dma", "group-a", new byte[] {2}),
                new StateWrite("dma", "group-new", new byte[] {3})));

        // The append reuses an event id under a new origin, which the journal refuses inside the transaction.
        JournalBatch conflicting = new JournalBatch(List.of(append(event, "s2", linkId)),
                List.of(new JournalBatch.RenderedUpdate(seq, withState)), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> store.journal().write(conflicting)).isInstanceOf(StoreException.Conflict.class);
        // A malformed later entry is refused before anything is written.
        JournalBatch malformed = new JournalBatch(List.of(), List.of(new JournalBatch.RenderedUpdate(seq, withState)),
                List.of(), List.of(new JournalBatch.Retry(seq, 1, null, "no time")), List.of());
        assertThatThrownBy(() -> store.journal().write(malformed)).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.journal().find(seq)).get().extracting(StoredDelivery::rendered).isEqualTo(Optional.empty());
        assertThat(store.state().get("dma", "group-a")).hasValueSatisfying(v -> assertThat(v).containsExactly(1));
        assertThat(store.state().get("dma", "group-new")).isEmpty();
    }

    @Test
    void stateChangesApplyInOrderTogetherAndSurviveARestart() {
        store.state().put("dma", "log/1", new byte[] {1});
        store.state().put("dma", "cursor", new byte[] {0});

        store.state().apply("dma", List.of(StateChange.put("cursor", new byte[] {2}), StateChange.delete("log/1"),
                StateChange.put("log/2", new byte[] {2}), StateChange.put("log/2", new byte[] {3}),
                StateChange.delete("never-there")));
        restart();

        assertThat(store.state().get("dma", "cursor")).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
        assertThat(store.state().get("dma", "log/1")).isEmpty();
        // The later of two puts of one key wins.
        assertThat(store.state().get("dma", "log/2")).hasValueSatisfying(v -> assertThat(v).containsExactly(3));
        // Another connector's keys are its own.
        assertThat(store.state().get("xmpp", "cursor")).isEmpty();
    }

    @Test
    void stateChangesWithABadConnectorNameWriteNothing() {
        store.state().put("dma", "cursor", new byte[] {0});
        String tooLong = "d".repeat(StateWrite.MAX_CONNECTOR_LENGTH + 1);

        assertThatThrownBy(() -> store.state().apply(tooLong, List.of(StateChange.put("cursor", new byte[] {1}))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connector name");
        assertThatThrownBy(() -> StateChange.put("cursor", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use delete");

        assertThat(store.state().get("dma", "cursor")).hasValueSatisfying(v -> assertThat(v).containsExactly(0));
    }

    @Test
    void keysOfAPrefixWrittenBeforeAnInstantAreDeletedInBoundedSweeps() {
        store.state().put("dma", "mimi/notify/old", new byte[] {1});
        store.state().put("dma", "mimi/room/r", new byte[] {1});
        store.state().put("xmpp", "mimi/notify/other-connector", new byte[] {1});
        List<StateChange> many = new ArrayList<>();
        for (int i = 0; i < JdbcConnectorStateStore.SWEEP_ROWS * 2 + 5; i++) {
            many.add(StateChange.put("mimi/notify/h" + i, new byte[] {1}));
        }
        store.state().apply("dma", many);
        clock.advance(Duration.ofHours(2));
        store.state().put("dma", "mimi/notify/new", new byte[] {2});
        store.state().put("dma", "mimi/notify_x", new byte[] {1});
        Instant hourAgo = clock.instant().minus(Duration.ofHours(1));

        // LIKE's wildcards in the prefix are plain characters.
        assertThat(store.state().deleteWrittenBefore("dma", "mimi/notify_", hourAgo)).isZero();
        assertThat(store.state().deleteWrittenBefore("dma", "mimi/notify/", hourAgo))
                .isEqualTo(JdbcConnectorStateStore.SWEEP_ROWS * 2 + 6);

        assertThat(store.state().get("dma", "mimi/notify/old")).isEmpty();
        assertThat(store.state().get("dma", "mimi/notify/h7")).isEmpty();
        assertThat(store.state().get("dma", "mimi/notify/new")).isPresent();
        assertThat(store.state().get("dma", "mimi/notify_x")).isPresent();
        assertThat(store.state().get("dma", "mimi/room/r")).isPresent();
        assertThat(store.state().get("xmpp", "mimi/notify/other-connector")).isPresent();
        assertThat(store.state().deleteWrittenBefore("dma", "mimi/notify/", hourAgo)).isZero();
    }

    @Test
    void aRetryRecordsAttemptsTimeAndError() {
        long[] seqs = store.journal().write(appends(append(EventId.random(), "s1", linkId))).appended().get(0);
        Instant retryAt = T0.plusSeconds(30);

        store.journal().write(retries(new JournalBatch.Retry(seqs[1], 3, retryAt, "503 from hub.example")));

        StoredDelivery retried = store.journal().find(seqs[1]).orElseThrow();
        assertThat(retried.attempts()).isEqualTo(3);
        assertThat(retried.notBefore()).isEqualTo(retryAt);
        assertThat(retried.lastError()).contains("503 from hub.example");
        assertThat(retried.status()).isEqualTo(StoredDelivery.Status.PENDING);
        assertThat(pendingSeqs()).containsExactly(seqs[0], seqs[1]);
    }

    @Test
    void longErrorsAreClipped() {
        long[] seqs = store.journal().write(appends(append(EventId.random(), "s1", linkId))).appended().get(0);

        store.journal().write(retries(new JournalBatch.Retry(seqs[0], 1, T0, "e".repeat(10_000))));

        assertThat(store.journal().find(seqs[0]).orElseThrow().lastError()).get().asString()
                .hasSize(JdbcBatchWriter.MAX_ERROR_LENGTH);
    }

    @Test
    void deadLettersLeavePendingAndAreListedNewestFirst() {
        long[] a = store.journal().write(appends(append(EventId.random(), "s1", linkId))).appended().get(0);
        long[] b = store.journal().write(appends(append(EventId.random(), "s2", linkId))).appended().get(0);

        later();
        store.journal().write(deadLetters(new JournalBatch.DeadLetter(b[0], 12, "403 forbidden")));
        later();
        store.journal().write(deadLetters(new JournalBatch.DeadLetter(a[0], 4, "room gone"),
                new JournalBatch.DeadLetter(a[1], 4, "room gone")));

        assertThat(pendingSeqs()).containsExactly(b[1]);
        assertThat(store.journal().pendingCount()).isEqualTo(1);
        assertThat(store.journal().deadCount()).isEqualTo(3);
        List<StoredDelivery> dead = store.journal().deadLetters(0, 10);
        assertThat(dead).extracting(StoredDelivery::seq).containsExactly(a[1], a[0], b[0]);
        assertThat(dead.get(2).status()).isEqualTo(StoredDelivery.Status.DEAD);
        assertThat(dead.get(2).attempts()).isEqualTo(12);
        assertThat(dead.get(2).lastError()).contains("403 forbidden");
        assertThat(store.journal().deadLetters(1, 1)).extracting(StoredDelivery::seq).containsExactly(a[0]);
        assertThat(store.journal().deadLetters(3, 1)).isEmpty();
        assertThatThrownBy(() -> store.journal().deadLetters(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRevivedDeadLetterIsPendingAgainFromScratch() {
        long[] seqs = store.journal().write(appends(append(EventId.random(), "s1", linkId))).appended().get(0);
        store.journal().write(deadLetters(new JournalBatch.DeadLetter(seqs[0], 12, "timeout")));
        Instant due = T0.plusSeconds(600);

        assertThat(store.journal().revive(seqs[0], due)).isTrue();

        StoredDelivery revived = store.journal().find(seqs[0]).orElseThrow();
        assertThat(revived.status()).isEqualTo(StoredDelivery.Status.PENDING);
        assertThat(revived.attempts()).isZero();
        assertThat(revived.notBefore()).isEqualTo(due);
        assertThat(pendingSeqs()).containsExactly(seqs[0], seqs[1]);
        assertThat(store.journal().deadCount()).isZero();
        // Only dead letters can be revived.
        assertThat(store.journal().revive(seqs[1], due)).isFalse();
        assertThat(store.journal().revive(seqs[1] + 1000, due)).isFalse();
    }

    @Test
    void aDiscardedDeadLetterIsGone() {
        long[] seqs = store.journal().write(appends(append(EventId.random(), "s1", linkId))).appended().get(0);
        store.journal().write(deadLetters(new JournalBatch.DeadLetter(seqs[0], 12, "timeout")));

        assertThat(store.journal().discard(seqs[1])).isFalse();
        assertThat(store.journal().discard(seqs[0])).isTrue();
        assertThat(store.journal().discard(seqs[0])).isFalse();

        assertThat(store.journal().find(seqs[0])).isEmpty();
        assertThat(store.journal().deadCount()).isZero();
        assertThat(pendingSeqs()).containsExactly(seqs[1]);
    }

    @Test
    void aDoneDeliveryLeavesTheJournalAndMapsItsResult() {
        EventId event = EventId.random();
        long[] seqs = store.journal().write(appends(append(event, "s1", linkId))).appended().get(0);
        assertThat(store.messages().find(Network.MATRIX, new NativeId("$m1"))).isEmpty();

        store.journal().write(done(new JournalBatch.Done(seqs[0], event, Optional.of(matrixRef("$m1"))),
                new JournalBatch.Done(seqs[1], event, Optional.empty())));

        assertThat(store.journal().pendingCount()).isZero();
        assertThat(store.journal().find(seqs[0])).isEmpty();
        assertThat(store.messages().find(Network.MATRIX, new NativeId("$m1"))).contains(event);
        assertThat(store.messages().refs(event)).containsExactlyInAnyOrder(xmppRef("s1"), matrixRef("$m1"));
    }

    @Test
    void aRepeatedOrClashingResultDoesNotFailTheBatch() {
        EventId event = EventId.random();
        EventId other = EventId.random();
        long[] seqs = store.journal().write(appends(append(event, "s1", linkId))).appended().get(0);
        store.messages().put(event, matrixRef("$m1"));
        store.messages().put(other, mimiRef("taken"));

        store.journal().write(done(new JournalBatch.Done(seqs[0], event, Optional.of(matrixRef("$m1"))),
                new JournalBatch.Done(seqs[1], event, Optional.of(mimiRef("taken")))));

        assertThat(store.journal().pendingCount()).isZero();
        assertThat(store.messages().find(Network.MATRIX, new NativeId("$m1"))).contains(event);
        assertThat(store.messages().find(Network.MIMI, new NativeId("taken"))).contains(other);
    }

    @Test
    void whatAConnectorKeepsAboutANewEventIsWrittenWithItAndSurvivesARestart() {
        EventId event = EventId.random();
        EventRecords kept = new EventRecords(List.of(xmppRef("msgid:m1")),
                List.of(new StateWrite("xmpp", "text/" + event, utf8("hello"))));

        store.journal().write(appends(withRecords(append(event, "s1", linkId), kept)));
        restart();

        assertThat(store.messages().find(Network.XMPP, new NativeId("msgid:m1"))).contains(event);
        assertThat(store.state().get("xmpp", "text/" + event))
                .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("hello"));
    }

    @Test
    void aDuplicateKeepsNothingOfWhatItsConnectorSent() {
        EventId first = EventId.random();
        store.journal().write(appends(append(first, "s1", linkId)));
        EventId again = EventId.random();
        EventRecords kept = new EventRecords(List.of(xmppRef("msgid:m1")),
                List.of(new StateWrite("xmpp", "text/" + again, utf8("hello"))));

        JournalResult result = store.journal().write(appends(withRecords(append(again, "s1", linkId), kept)));

        assertThat(result.duplicate(0)).isTrue();
        assertThat(store.messages().find(Network.XMPP, new NativeId("msgid:m1"))).isEmpty();
        assertThat(store.state().get("xmpp", "text/" + again)).isEmpty();
    }

    @Test
    void anAliasAlreadyTakenKeepsItsFirstMessageAndTheBatchGoesThrough() {
        EventId first = EventId.random();
        store.journal().write(appends(withRecords(append(first, "s1", linkId),
                new EventRecords(List.of(xmppRef("msgid:reused")), List.of()))));
        EventId second = EventId.random();

        JournalResult result = store.journal().write(appends(withRecords(append(second, "s2", linkId),
                new EventRecords(List.of(xmppRef("msgid:reused"), xmppRef("msgid:own")), List.of()))));

        assertThat(result.duplicate(0)).isFalse();
        assertThat(store.messages().find(Network.XMPP, new NativeId("msgid:reused"))).contains(first);
        assertThat(store.messages().find(Network.XMPP, new NativeId("msgid:own"))).contains(second);
        assertThat(store.journal().pending()).extracting(StoredDelivery::event).contains(second);
    }

    @Test
    void aDoneDeliveryMapsTheAliasesItsTargetGaveAndAClashKeepsTheFirst() {
        EventId event = EventId.random();
        EventId other = EventId.random();
        long[] seqs = store.journal().write(appends(append(event, "s1", linkId))).appended().get(0);
        store.messages().put(other, xmppRef("room msgid:taken"));

        store.journal().write(done(new JournalBatch.Done(seqs[0], event, Optional.of(xmppRef("room stanza-1")),
                List.of(xmppRef("room msgid:k1"), xmppRef("room msgid:taken")))));

        assertThat(store.journal().find(seqs[0])).isEmpty();
        assertThat(store.messages().find(Network.XMPP, new NativeId("room stanza-1"))).contains(event);
        assertThat(store.messages().find(Network.XMPP, new NativeId("room msgid:k1"))).contains(event);
        assertThat(store.messages().find(Network.XMPP, new NativeId("room msgid:taken"))).contains(other);
    }

    @Test
    void anAliasLookedUpBeforeItsCommitIsFoundAfterIt() {
        EventId event = EventId.random();
        // Read (and cached) as unknown while the journal has not written it yet.
        assertThat(store.messages().find(Network.XMPP, new NativeId("msgid:early"))).isEmpty();
        assertThat(store.messages().find(Network.XMPP, new NativeId("msgid:late"))).isEmpty();

        long[] seqs = store.journal().write(appends(withRecords(append(event, "s1", linkId),
                new EventRecords(List.of(xmppRef("msgid:early")), List.of())))).appended().get(0);
        store.journal().write(done(new JournalBatch.Done(seqs[0], event, Optional.empty(),
                List.of(xmppRef("msgid:late")))));

        assertThat(store.messages().find(Network.XMPP, new NativeId("msgid:early"))).contains(event);
        assertThat(store.messages().find(Network.XMPP, new NativeId("msgid:late"))).contains(event);
    }

    private static JournalBatch.Append withRecords(JournalBatch.Append a, EventRecords records) {
        return new JournalBatch.Append(a.event(), a.origin(), a.link(), a.eventJson(), a.targets(), records);
    }

    @Test
    void aDeliveryRenderedAndDoneInOneBatchIsGone() {
        EventId event = EventId.random();
        long[] seqs = store.journal().write(appends(append(event, "s1", linkId))).appended().get(0);

        store.journal().write(new JournalBatch(List.of(append(EventId.random(), "s2", linkId)),
                List.of(new JournalBatch.RenderedUpdate(seqs[0], bytes("x"))),
                List.of(new JournalBatch.Done(seqs[0], event, Optional.empty())),
                List.of(new JournalBatch.Retry(seqs[1], 1, T0.plusSeconds(5), "slow")), List.of()));

        assertThat(store.journal().find(seqs[0])).isEmpty();
        assertThat(store.journal().find(seqs[1]).orElseThrow().attempts()).isEqualTo(1);
        assertThat(store.journal().pendingCount()).isEqualTo(3);
    }

    @Test
    void anEventGoesOnceItsLastDeliveryIsConfirmed() {
        EventId event = EventId.random();
        long[] seqs = store.journal().write(appends(append(event, "s1", linkId))).appended().get(0);
        store.journal().write(new JournalBatch(List.of(), List.of(),
                List.of(new JournalBatch.Done(seqs[0], event, Optional.empty())), List.of(), List.of()));
        assertThat(store.journal().pruneConfirmed()).isZero();
        assertThat(store.journal().find(seqs[1])).get().extracting(StoredDelivery::eventJson).isEqualTo(json(event));
        store.journal().write(new JournalBatch(List.of(), List.of(),
                List.of(new JournalBatch.Done(seqs[1], event, Optional.empty())), List.of(), List.of()));

        // The event goes once its second, last delivery is confirmed; nothing is left for the periodic sweep.
        assertThat(store.journal().pruneConfirmed()).isEqualTo(1);
        assertThat(store.journal().prune()).isZero();
        assertThat(store.messages().find(Network.XMPP, new NativeId("s1"))).contains(event);
    }

    @Test
    void pruneConfirmedDeletesTheEventsOfConfirmedDeliveriesOnly() {
        int many = JdbcDeliveryJournal.PRUNE_ROWS + 5;
        List<JournalBatch.Append> appends = new ArrayList<>();
        for (int i = 0; i < many; i++) {
            EventId event = EventId.random();
            appends.add(append(event, "many-" + i, linkId));
        }
        List<long[]> seqs = store.journal().write(new JournalBatch(appends, List.of(), List.of(), List.of(), List.of()))
                .appended();
        List<JournalBatch.Done> done = new ArrayList<>();
        for (int i = 0; i < many; i++) {
            // Both deliveries of every event but the last; only the first of the last event's two.
            done.add(new JournalBatch.Done(seqs.get(i)[0], appends.get(i).event(), Optional.empty()));
            if (i < many - 1) {
                done.add(new JournalBatch.Done(seqs.get(i)[1], appends.get(i).event(), Optional.empty()));
            }
        }
        store.journal().write(new JournalBatch(List.of(), List.of(), done, List.of(), List.of()));

        assertThat(store.journal().pruneConfirmed()).isEqualTo(many - 1);
        assertThat(store.journal().pruneConfirmed()).isZero();
        // The event with a delivery left keeps its payload, and the periodic prune finds nothing more.
        assertThat(store.journal().find(seqs.get(many - 1)[1])).get().extracting(StoredDelivery::eventJson)
                .isEqualTo(json(appends.get(many - 1).event()));
        assertThat(store.journal().prune()).isZero();
        store.journal().write(new JournalBatch(List.of(), List.of(),
                List.of(new JournalBatch.Done(seqs.get(many - 1)[1], appends.get(many - 1).event(), Optional.empty())),
                List.of(), List.of()));
        assertThat(store.journal().pruneConfirmed()).isEqualTo(1);
    }

    @Test
    void pruneDropsOnlyEventsWithoutDeliveries() {
        EventId delivered = EventId.random();
        EventId dead = EventId.random();
        EventId half = EventId.random();
        JournalResult r = store.journal().write(appends(append(delivered, "s1", linkId), append(dead, "s2", linkId),
                append(half, "s3", linkId)));
        long[] d = r.appended().get(0);
        long[] x = r.appended().get(1);
        long[] h = r.appended().get(2);
        store.journal().write(new JournalBatch(List.of(), List.of(),
                List.of(new JournalBatch.Done(d[0], delivered, Optional.empty()), new JournalBatch.Done(d[1], delivered, Optional.empty()),
                        new JournalBatch.Done(x[0], dead, Optional.empty()), new JournalBatch.Done(h[0], half, Optional.empty())),
                List.of(), List.of(new JournalBatch.DeadLetter(x[1], 3, "gone"))));
        EventId lonely = EventId.random();
        store.journal().write(appends(new JournalBatch.Append(lonely, xmppRef("s4"), linkId, json(lonely), List.of())));

        // The delivered event and the one without targets; the others keep a delivery.
        assertThat(store.journal().prune()).isEqualTo(2);
        assertThat(store.journal().prune()).isZero();

        assertThat(store.journal().find(h[1])).get().extracting(StoredDelivery::eventJson).isEqualTo(json(half));
        assertThat(store.journal().deadLetters(0, 10)).singleElement()
                .satisfies(s -> assertThat(s.eventJson()).isEqualTo(json(dead)));
        // The message map is not the journal: pruning keeps every mapping.
        assertThat(store.messages().find(Network.XMPP, new NativeId("s1"))).contains(delivered);
    }

    @Test
    void deletingALinkKeepsItsPendingDeliveries() {
        Link link = new Link(linkId, Link.Kind.PLUMBED, Set.of(XMPP_ROOM, MATRIX_ROOM), T0);
        store.links().create(link);
        store.journal().write(appends(append(EventId.random(), "s1", linkId)));

        store.links().delete(linkId);

        assertThat(store.journal().pending()).hasSize(2).allSatisfy(d -> assertThat(d.link()).isEqualTo(linkId));
    }

    @Test
    void journalWritesAreMeasured() {
        store.journal().write(appends(append(EventId.random(), "s1", linkId), append(EventId.random(), "s1", linkId)));

        assertThat(registry.get("passerelle.journal.write").timer().count()).isEqualTo(1);
        assertThat(registry.get("passerelle.journal.appends").counter().count()).isEqualTo(1);
        assertThat(registry.get("passerelle.journal.duplicates").counter().count()).isEqualTo(1);
    }

    @Test
    void everythingSurvivesARestart() {
        Ghost ghost = new Ghost(ALICE, ALICE_ON_MATRIX, Optional.of("Alice"), Optional.empty(), T0);
        store.ghosts().save(ghost);
        Link link = new Link(linkId, Link.Kind.PORTAL, Set.of(XMPP_ROOM, MATRIX_ROOM), T0);
        store.links().create(link);
        EventId event = EventId.random();
        EventId deadEvent = EventId.random();
        JournalResult r = store.journal().write(appends(append(event, "s1", linkId), append(deadEvent, "s2", linkId)));
        long[] seqs = r.appended().get(0);
        long[] deadSeqs = r.appended().get(1);
        store.journal().write(new JournalBatch(List.of(), List.of(new JournalBatch.RenderedUpdate(seqs[0], bytes("payload"))),
                List.of(new JournalBatch.Done(seqs[1], event, Optional.of(mimiRef("m-1")))), List.of(),
                List.of(new JournalBatch.DeadLetter(deadSeqs[0], 5, "refused"))));
        store.state().put("xmpp", "stream", new byte[] {1, 2, 3});
        List<StoredDelivery> pendingBefore = store.journal().pending();

        restart();

        assertThat(store.ghosts().find(ALICE, Network.MATRIX)).contains(ghost);
        assertThat(store.links().findByRoom(MATRIX_ROOM)).contains(link);
        assertThat(store.messages().find(Network.XMPP, new NativeId("s1"))).contains(event);
        assertThat(store.messages().find(Network.MIMI, new NativeId("m-1"))).contains(event);
        List<StoredDelivery> pendingAfter = store.journal().pending();
        assertThat(pendingAfter).extracting(StoredDelivery::seq).containsExactly(seqs[0], deadSeqs[1]);
        assertThat(pendingAfter).extracting(StoredDelivery::rendered)
                .containsExactly(Optional.of(bytes("payload")), Optional.empty());
        assertThat(pendingAfter.get(0).eventJson()).isEqualTo(pendingBefore.get(0).eventJson());
        assertThat(store.journal().deadLetters(0, 10)).extracting(StoredDelivery::seq).containsExactly(deadSeqs[0]);
        assertThat(store.state().get("xmpp", "stream")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
        // A duplicate is still recognised, and new seqs continue after the old ones.
        assertThat(store.journal().write(appends(append(EventId.random(), "s1", linkId))).duplicate(0)).isTrue();
        long[] next = store.journal().write(appends(append(EventId.random(), "s9", linkId))).appended().get(0);
        assertThat(next[0]).isGreaterThan(deadSeqs[1]);
    }
}
