package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.admin.ConnectorAdmin;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector on its own: start failures, the admin operations (room creation included), its capabilities, and a
 * delivery rendered in an epoch the room left before it was sent.
 */
class DmaConnectorTest {

    @TempDir
    Path dir;

    @Test
    @Tag("feature:mimi-config")
    void aPortInUseFailsTheStartWithTheReason() throws IOException {
        TestCa ca = TestCa.create(dir, "Test CA");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                Gateway a = new Gateway(ca, "a.test", taken.getLocalPort(), Map.of("b.test", 1))) {
            Throwable t = catchThrowable(() -> Gateway.join(a.dma.start()));
            assertThat(t).isInstanceOf(GatewayException.class).hasMessageContaining("a.test could not start");
            assertThat(a.dma.health().state()).isEqualTo(Health.State.DOWN);
            assertThat(a.dma.health().detail()).hasValueSatisfying(d -> assertThat(d).contains("could not start"));
        }
    }

    @Test
    @Tag("feature:mimi-config")
    void anUnreadableKeyFailsTheStartWithTheReason() throws IOException {
        TestCa ca = TestCa.create(dir, "Test CA");
        TestCa.Issued good = ca.issue("a.test");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");
        try (Gateway a = new Gateway(ca, new TestCa.Issued(good.certChain(), garbage, good.certificate()), "a.test",
                Gateway.freePort(), Map.of("b.test", 1))) {
            Throwable t = catchThrowable(() -> Gateway.join(a.dma.start()));
            assertThat(t).isInstanceOf(GatewayException.class).hasMessageContaining("could not start");
            assertThat(a.dma.health().ready()).isFalse();
        }
    }

    @Test
    @Tag("feature:mimi-admin")
    void thePhoneDirectoryIsOperatorManagedAndOptInOnly() {
        TestCa ca = TestCa.create(dir, "Test CA");
        try (Gateway a = new Gateway(ca, "a.test", Gateway.freePort(), Map.of("b.test", 1)).start()) {
            Jid juliet = a.user("juliet");
            String number = "+15550001111";
            JsonObject listed = Gateway.join(a.dma.handle(request("PUT", "phones/" + number,
                    new JsonObject().put("user", juliet.toUri()))));
            assertThat(listed.getString("user")).isEqualTo(a.ghost(juliet).toUri());
            assertThat(Gateway.join(a.dma.handle(request("GET", "phones/" + number, null))).getString("user"))
                    .isEqualTo(a.ghost(juliet).toUri());
            Gateway.join(a.dma.handle(request("DELETE", "phones/" + number, null)));
            assertThat(refusal(a, request("GET", "phones/" + number, null))).isEqualTo(404);
            assertThat(refusal(a, request("GET", "phones/5550001111", null))).isEqualTo(400);
            assertThat(refusal(a, request("PUT", "phones/" + number,
                    new JsonObject().put("user", "mimi://b.test/u/someone")))).isEqualTo(400);
            assertThat(refusal(a, request("PUT", "phones/" + number, new JsonObject()))).isEqualTo(400);
            assertThat(refusal(a, request("GET", "nothing-here", null))).isEqualTo(404);
        }
    }

    @Test
    @Tag("feature:mimi-admin")
    void theOperatorCreatesARoomThroughTheAdminApi() {
        TestCa ca = TestCa.create(dir, "Test CA");
        try (Gateway a = new Gateway(ca, "a.test", Gateway.freePort(), Map.of("b.test", 1)).start()) {
            Jid juliet = a.user("juliet");
            Jid nurse = a.user("nurse");
            MimiRoomUri room = new MimiRoomUri("a.test", "capulets");
            JsonObject created = Gateway.join(a.dma.handle(request("POST", "rooms", new JsonObject()
                    .put("room", room.toUri()).put("creator", juliet.toUri())
                    .put("members", new JsonArray().add(a.ghost(nurse).toUri())))));
            assertThat(created.getString("creator")).isEqualTo(a.ghost(juliet).toUri());
            assertThat(created.getJsonArray("members")).containsExactly(a.ghost(nurse).toUri());
            assertThat(Gateway.join(a.dma.isMember(room, a.ghost(juliet)))).isTrue();
            assertThat(Gateway.join(a.dma.isMember(room, a.ghost(nurse)))).isTrue();
            assertThat(refusal(a, request("POST", "rooms", new JsonObject().put("room", room.toUri())
                    .put("creator", juliet.toUri())))).as("exists").isEqualTo(409);
            assertThat(refusal(a, request("POST", "rooms", new JsonObject().put("room", "mimi://b.test/r/x")
                    .put("creator", juliet.toUri())))).as("another provider's room").isEqualTo(400);
            assertThat(refusal(a, request("POST", "rooms", new JsonObject().put("room", "mimi://a.test/r/y")
                    .put("creator", "mimi://b.test/u/someone")))).as("not our user").isEqualTo(400);
            assertThat(refusal(a, request("POST", "rooms", new JsonObject().put("room", "mimi://a.test/r/y")
                    .put("creator", juliet.toUri()).put("members", "nurse")))).as("members").isEqualTo(400);
            assertThat(refusal(a, request("POST", "rooms", null))).isEqualTo(400);
            assertThat(refusal(a, request("GET", "rooms", null))).isEqualTo(405);
        }
    }

    @Test
    void membershipIsACapability() {
        TestCa ca = TestCa.create(dir, "Test CA");
        try (Gateway a = new Gateway(ca, "a.test", Gateway.freePort(), Map.of("b.test", 1))) {
            assertThat(a.dma.capabilities()).contains(Capability.MEMBERSHIP, Capability.EDITS);
        }
    }

    @Test
    @Tag("feature:mimi-admin")
    void abuseReportsAreListed() {
        TestCa ca = TestCa.create(dir, "Test CA");
        try (Gateway a = new Gateway(ca, "a.test", Gateway.freePort(), Map.of("b.test", 1)).start()) {
            assertThat(Gateway.join(a.dma.handle(request("GET", "abuse-reports", null)))
                    .getJsonArray("abuseReports")).isEmpty();
            assertThat(refusal(a, request("DELETE", "abuse-reports", null))).isEqualTo(405);
            // POST sends a report; it needs a body.
            assertThat(refusal(a, request("POST", "abuse-reports", null))).isEqualTo(400);
        }
    }

    /** The first delivery to {@code room} of a text {@code from} sent in the gateway's XMPP room. */
    private static Delivery textDelivery(Gateway a, Jid from, MimiRoomUri room, String text) {
        MessageSent event = new MessageSent(EventId.random(), Gateway.origin(), from, a.xmppRoom, Instant.now(),
                TwoProvidersTest.text(text));
        return new Delivery(1, event, LinkId.random(), room, IdempotencyKey.derive(event.id(), room), 1);
    }

    @Test
    @Tag("feature:mimi-epoch")
    @Tag("direction:xmpp-to-mimi")
    void aDeliveryRenderedBeforeAnEpochChangeIsEncryptedAgainWithItsMessageId() {
        TestCa ca = TestCa.create(dir, "Test CA");
        try (Gateway a = new Gateway(ca, "a.test", Gateway.freePort(), Map.of("b.test", 1)).start()) {
            Jid juliet = a.user("juliet");
            MimiRoomUri room = a.portal();
            Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of()));
            Delivery delivery = textDelivery(a, juliet, room, "late");
            Rendered rendered = Gateway.join(a.dma.render(delivery));
            OutboundPayload stored = OutboundPayload.fromBytes(rendered.payload());
            Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(a.user("nurse"))));

            assertThat(Gateway.join(a.dma.send(delivery, rendered)).nativeId())
                    .contains(new NativeId(stored.messageId().hex()));
            // A resend after a crash encrypts it once more, under the same id.
            assertThat(Gateway.join(a.dma.send(delivery, rendered)).nativeId())
                    .contains(new NativeId(stored.messageId().hex()));
        }
    }

    @Test
    @Tag("feature:mimi-epoch")
    void aDeliveryStoredWithoutItsContentFailsPermanentlyOnceItsEpochIsLeft() throws IOException {
        TestCa ca = TestCa.create(dir, "Test CA");
        try (Gateway a = new Gateway(ca, "a.test", Gateway.freePort(), Map.of("b.test", 1)).start()) {
            Jid juliet = a.user("juliet");
            MimiRoomUri room = a.portal();
            Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of()));
            Delivery delivery = textDelivery(a, juliet, room, "old format");
            OutboundPayload stored = OutboundPayload.fromBytes(Gateway.join(a.dma.render(delivery)).payload());
            Rendered versionOne = new Rendered(OutboundPayloadTest.versionOne(stored.sender(), stored.messageId(),
                    stored.message()));
            Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(a.user("nurse"))));

            Throwable t = catchThrowable(() -> Gateway.join(a.dma.send(delivery, versionOne)));
            assertThat(t).isInstanceOf(GatewayException.class).hasMessageContaining("epoch 0")
                    .hasMessageContaining("without its content");
            assertThat(((GatewayException) t).reason()).isEqualTo(GatewayException.Reason.PERMANENT);
        }
    }

    @Test
    @Tag("feature:mimi-epoch")
    void anEventMimiCannotCarryDoesNotMakeItsSenderAMember() {
        TestCa ca = TestCa.create(dir, "Test CA");
        try (Gateway a = new Gateway(ca, "a.test", Gateway.freePort(), Map.of("b.test", 1)).start()) {
            Jid juliet = a.user("juliet");
            MimiRoomUri room = a.portal();
            Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of()));
            // A MUC sends its subject again to every occupant that joins, from the room itself.
            RoomMetadataChanged subject = new RoomMetadataChanged(EventId.random(), Gateway.origin(), a.xmppRoom,
                    a.xmppRoom, Instant.now(), Optional.empty(), Optional.of("the subject"), Optional.empty());
            Delivery delivery = new Delivery(1, subject, LinkId.random(), room,
                    IdempotencyKey.derive(subject.id(), room), 1);

            Throwable t = catchThrowable(() -> Gateway.join(a.dma.render(delivery)));
            assertThat(t).isInstanceOf(GatewayException.class).hasMessageContaining("RoomMetadataChanged");
            assertThat(((GatewayException) t).reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED);
            assertThat(Gateway.join(a.dma.isMember(room, a.dma.ghostOf(a.xmppRoom)))).isFalse();
            assertThat(new MemberStates(a.store.state(), "dma").load(room.toUri(), a.ghost(juliet).toUri())
                    .orElseThrow().epochNumber()).as("no commit").isZero();
        }
    }

    static ConnectorAdmin.Request request(String method, String path, JsonObject body) {
        return new ConnectorAdmin.Request(method, path, Optional.ofNullable(body), Map.of());
    }

    static int refusal(Gateway g, ConnectorAdmin.Request request) {
        Throwable t = catchThrowable(() -> Gateway.join(g.dma.handle(request)));
        assertThat(t).as(request.toString()).isInstanceOf(ConnectorAdmin.Refused.class);
        return ((ConnectorAdmin.Refused) t).status();
    }
}
