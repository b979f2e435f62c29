package dev.passerelle.connector.matrix.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.translate.EventRefs;
import dev.passerelle.connector.matrix.translate.MatrixToCanonical;
import dev.passerelle.connector.matrix.translate.Target;
import dev.passerelle.connector.matrix.translate.TypingUpdate;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.EventId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An appservice transaction body, arbitrary bytes, goes the way the appservice server takes it: {@link BoundedJson}
 * (which may refuse it only with {@link BoundedJson.Rejected}), the transaction's shape check, {@link EventScreen},
 * then {@link MatrixToCanonical} on every room and ephemeral event, which never throws for bad input (it answers
 * {@code InboundResult.Ignored}).
 */
class AppServiceTransactionFuzzTest {

    private final BoundedJson json = new BoundedJson(AppServiceSettings.DEFAULT_MAX_BODY_BYTES,
            AppServiceSettings.DEFAULT_MAX_JSON_DEPTH);
    private final EventScreen screen = new EventScreen(new SimpleMeterRegistry());
    private final MatrixToCanonical translator = new MatrixToCanonical(new GuessingRefs(),
            Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC), () -> new EventId(new UUID(1, 1)));

    @FuzzTest(maxDuration = "15s")
    void transactionsAreTranslatedOrRefusedWithTheDocumentedErrors(byte[] body) {
        JsonNode transaction;
        try {
            transaction = json.parse(body);
        } catch (BoundedJson.Rejected refused) {
            assertThat(refused.error()).isNotNull();
            return;
        }
        // The shape AppServiceServer requires before it screens the events.
        JsonNode events = transaction.get("events");
        JsonNode ephemeral = transaction.has("ephemeral") ? transaction.get("ephemeral")
                : transaction.get(AppServiceServer.UNSTABLE_EPHEMERAL);
        if (!transaction.isObject() || events == null || !events.isArray()
                || ephemeral != null && !ephemeral.isNull() && !ephemeral.isArray()) {
            return;
        }
        List<ObjectNode> roomEvents = screen.roomEvents(events);
        List<ObjectNode> ephemeralEvents = ephemeral == null || ephemeral.isNull() ? List.of()
                : screen.ephemeralEvents(ephemeral);
        for (ObjectNode event : roomEvents) {
            assertThat(translator.translate(event)).isNotNull();
        }
        Set<MatrixUserId> typing = Set.of(MatrixUserId.parse("@was-typing:example.org"));
        for (ObjectNode event : ephemeralEvents) {
            assertThat(translator.ephemeral(event)).isNotNull();
            if ("m.typing".equals(event.path("type").textValue())) {
                TypingUpdate update = translator.typing(event, typing);
                assertThat(update.result()).isNotNull();
            }
        }
    }

    /**
     * A message map that knows some event ids and not others, and takes ids of even length for reactions, so that
     * edits, replies and redactions reach both their found and their unknown paths.
     */
    private static final class GuessingRefs implements EventRefs {
        @Override
        public Optional<Target> target(String matrixEventId) {
            EventId id = new EventId(UUID.nameUUIDFromBytes(matrixEventId.getBytes(StandardCharsets.UTF_8)));
            if (matrixEventId.length() % 3 == 0) {
                return Optional.empty();
            }
            if (matrixEventId.length() % 3 == 1) {
                return Optional.of(new Target.Message(id));
            }
            return Optional.of(new Target.Reaction(id, new EventId(new UUID(3, 3)), "👍"));
        }

        @Override
        public Optional<String> matrixEventId(EventId id) {
            return Optional.of("$" + id.value());
        }
    }
}
