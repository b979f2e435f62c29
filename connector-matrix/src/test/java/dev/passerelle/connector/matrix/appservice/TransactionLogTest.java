package dev.passerelle.connector.matrix.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransactionLogTest {

    private static List<ObjectNode> event(int n) {
        return List.of(JsonNodeFactory.instance.objectNode().put("event_id", "$event" + n));
    }

    @Test
    void theAcknowledgedTransactionsKeptStayBoundedAndTheRecentOnesAreStillRecognised() {
        TransactionLog log = new TransactionLog();
        AtomicInteger processed = new AtomicInteger();
        int total = TransactionLog.CAPACITY * 3;

        for (int i = 0; i < total; i++) {
            TransactionLog.Run run = log.run("txn" + i, event(i), List.of(), () -> {
                processed.incrementAndGet();
                return Future.succeededFuture();
            });
            assertThat(run.outcome()).isEqualTo(TransactionLog.Outcome.PROCESSED);
            assertThat(log.acknowledgedCount()).isLessThanOrEqualTo(TransactionLog.CAPACITY);
        }

        assertThat(log.acknowledgedCount()).isEqualTo(TransactionLog.CAPACITY);
        assertThat(processed).hasValue(total);
        // The latest retry is answered without processing; the oldest, long forgotten, is processed again.
        int last = total - 1;
        assertThat(log.run("txn" + last, event(last), List.of(), () -> {
            processed.incrementAndGet();
            return Future.succeededFuture();
        }).outcome()).isEqualTo(TransactionLog.Outcome.ALREADY_ACKNOWLEDGED);
        assertThat(log.run("txn0", event(0), List.of(), () -> {
            processed.incrementAndGet();
            return Future.succeededFuture();
        }).outcome()).isEqualTo(TransactionLog.Outcome.PROCESSED);
        assertThat(processed).hasValue(total + 1);
    }
}
