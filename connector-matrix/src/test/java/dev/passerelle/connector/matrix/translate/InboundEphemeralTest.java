package dev.passerelle.connector.matrix.translate;

import static dev.passerelle.connector.matrix.translate.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.ChatStateChanged.State;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.PresenceChanged.Availability;
import dev.passerelle.core.event.ReadMarker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("direction:matrix-to-canonical")
class InboundEphemeralTest {
    private static final MatrixUserId ALICE = MatrixUserId.parse("@alice:example.org");
    private static final MatrixUserId BOB = MatrixUserId.parse("@bob:example.org");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final MapRefs refs = new MapRefs();
    private final MatrixToCanonical in = new MatrixToCanonical(refs, Clock.fixed(NOW, ZoneOffset.UTC));
    private final SpecSchemas schemas = new SpecSchemas();

    private static List<Event> events(InboundResult r) {
        assertThat(r).isInstanceOf(InboundResult.Translated.class);
        return ((InboundResult.Translated) r).events();
    }

    private ObjectNode typingEvent(String users) {
        ObjectNode e = obj("{'type':'m.typing','room_id':'!room:example.org','content':{'user_ids':" + users + "}}");
        assertThat(schemas.errors("m.typing.yaml", e)).isEmpty();
        return e;
    }

    @Test
    @Tag("feature:typing")
    void typingStatelessGivesComposingForEveryListedUser() {
        List<Event> events = events(in.ephemeral(typingEvent("['@alice:example.org','@bob:example.org']")));
        assertThat(events).allSatisfy(e -> {
            assertThat(((ChatStateChanged) e).state()).isEqualTo(State.COMPOSING);
            assertThat(e.conversation()).isEqualTo(MatrixRoomId.parse("!room:example.org"));
            assertThat(e.timestamp()).isEqualTo(NOW);
        });
        assertThat(events.stream().map(Event::sender).collect(Collectors.toList())).containsExactly(ALICE, BOB);
        assertThat(events.get(0).origin().nativeId().value())
                .isEqualTo("~m.typing/!room:example.org/@alice:example.org/" + NOW.toEpochMilli());
    }

    @Test
    @Tag("feature:typing")
    void typingAgainstThePreviousSetGivesStartsAndStops() {
        TypingUpdate u = in.typing(typingEvent("['@bob:example.org']"), Set.of(ALICE));
        assertThat(u.typing()).containsExactly(BOB);
        List<Event> events = events(u.result());
        assertThat(events).hasSize(2);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.sender()).isEqualTo(BOB);
            assertThat(((ChatStateChanged) e).state()).isEqualTo(State.COMPOSING);
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.sender()).isEqualTo(ALICE);
            assertThat(((ChatStateChanged) e).state()).isEqualTo(State.PAUSED);
        });
        TypingUpdate same = in.typing(typingEvent("['@bob:example.org']"), u.typing());
        assertThat(same.result()).isInstanceOf(InboundResult.Ignored.class);
        TypingUpdate bad = in.typing(obj("{'type':'m.typing','room_id':'!room:example.org',"
                + "'content':{'user_ids':[7]}}"), Set.of(ALICE));
        assertThat(bad.typing()).containsExactly(ALICE);
        assertThat(((InboundResult.Ignored) bad.result()).path()).isEqualTo("content.user_ids[0]");
    }

    @Test
    @Tag("feature:receipt")
    void aReadReceiptForAKnownEventIsAReadMarker() {
        EventId read = refs.message("$msg");
        ObjectNode e = obj("{'type':'m.receipt','room_id':'!room:example.org','content':{"
                + "'$msg':{'m.read':{'@alice:example.org':{'ts':1700000000123}}},"
                + "'$unknown':{'m.read':{'@bob:example.org':{'ts':1}}},"
                + "'$priv':{'m.read.private':{'@bob:example.org':{'ts':2}}}}}");
        assertThat(schemas.errors("m.receipt.yaml", e)).isEmpty();
        List<Event> events = events(in.ephemeral(e));
        assertThat(events).hasSize(1);
        ReadMarker m = (ReadMarker) events.get(0);
        assertThat(m.upTo()).isEqualTo(read);
        assertThat(m.sender()).isEqualTo(ALICE);
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(m.origin().nativeId().value()).isEqualTo("~m.receipt/$msg/@alice:example.org/1700000000123");
        InboundResult onlyUnknown = in.ephemeral(obj("{'type':'m.receipt','room_id':'!room:example.org',"
                + "'content':{'$unknown':{'m.read':{'@bob:example.org':{'ts':1}}}}}"));
        assertThat(((InboundResult.Ignored) onlyUnknown).reason()).isEqualTo(InboundResult.Reason.TARGET_UNKNOWN);
    }

    @Test
    @Tag("feature:presence")
    void presenceMapsToAvailability() {
        ObjectNode e = obj("{'type':'m.presence','sender':'@alice:example.org','content':{'presence':'unavailable',"
                + "'status_msg':'lunch','last_active_ago':1000,'currently_active':false}}");
        assertThat(schemas.errors("m.presence.yaml", e)).isEmpty();
        PresenceChanged p = (PresenceChanged) events(in.ephemeral(e)).get(0);
        assertThat(p.availability()).isEqualTo(Availability.AWAY);
        assertThat(p.status()).contains("lunch");
        assertThat(p.conversation()).isEqualTo(ALICE);
        assertThat(((PresenceChanged) events(in.ephemeral(obj("{'type':'m.presence','sender':'@alice:example.org',"
                + "'content':{'presence':'online'}}"))).get(0)).availability()).isEqualTo(Availability.ONLINE);
        assertThat(((PresenceChanged) events(in.ephemeral(obj("{'type':'m.presence','sender':'@alice:example.org',"
                + "'content':{'presence':'offline'}}"))).get(0)).availability()).isEqualTo(Availability.OFFLINE);
        InboundResult bad = in.ephemeral(obj("{'type':'m.presence','sender':'@alice:example.org',"
                + "'content':{'presence':'sleeping'}}"));
        assertThat(((InboundResult.Ignored) bad).path()).isEqualTo("content.presence");
    }

    @Test
    @Tag("feature:malformed")
    void unknownEphemeralTypesAreIgnored() {
        InboundResult r = in.ephemeral(obj("{'type':'org.example.custom','content':{}}"));
        assertThat(((InboundResult.Ignored) r).reason()).isEqualTo(InboundResult.Reason.UNSUPPORTED_TYPE);
    }
}
