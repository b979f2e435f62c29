package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.dma.protocol.IdentifierRequest;
import dev.passerelle.connector.dma.protocol.IdentifierResponse;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.provider.StoredAbuseReport;
import dev.passerelle.core.admin.ConnectorAdmin;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The calling side of identifierQuery and reportAbuse between two instances, through the connector's methods and
 * its admin operations: a.test hosts a room with b.test's romeo in it.
 */
@Tag("feature:mimi-provider")
class PeerCallsTest extends LinkedProviders {

    @Test
    @Tag("feature:mimi-phone-lookup")
    @Tag("direction:provider-to-provider")
    void aLooksUpBsOptedInPhoneAndFindsNothingForANumberNotOptedIn() {
        b.dma.phones().optIn("+15551234567", b.ghost(romeo).toUri());
        b.dma.phones().optIn("+15557654321", b.ghost(b.user("mercutio")).toUri());
        b.dma.phones().optOut("+15557654321");

        IdentifierResponse found = Gateway.join(a.dma.lookup("b.test", IdentifierRequest.SearchType.PHONE,
                "+15551234567"));
        assertThat(found.responseCode()).isEqualTo(IdentifierResponse.Code.SUCCESS);
        assertThat(found.uris()).extracting(IdentifierUri::uri).containsExactly(b.ghost(romeo).toUri());
        assertThat(Gateway.join(a.dma.lookup("b.test", IdentifierRequest.SearchType.PHONE, "+15557654321"))
                .responseCode()).isEqualTo(IdentifierResponse.Code.NOT_FOUND);

        // The operator's form; a "+" left unencoded in the query string arrives as a space.
        JsonObject byPhone = admin(a, "GET", "lookup", null, Map.of("domain", "b.test", "phone", " 15551234567"));
        assertThat(byPhone.getJsonArray("found").getList()).containsExactly(b.ghost(romeo).toUri());
        assertThat(byPhone.getString("responseCode")).isEqualTo("SUCCESS");
        JsonObject notListed = admin(a, "GET", "lookup", null, Map.of("domain", "b.test", "phone", "+15557654321"));
        assertThat(notListed.getJsonArray("found")).isEmpty();
        assertThat(notListed.getString("responseCode")).isEqualTo("NOT_FOUND");
        JsonObject byHandle = admin(a, "GET", "lookup", null, Map.of("domain", "b.test", "handle",
                b.ghost(romeo).toUri()));
        assertThat(byHandle.getJsonArray("found").getList()).containsExactly(b.ghost(romeo).toUri());

        Throwable both = catchThrowable(() -> admin(a, "GET", "lookup", null, Map.of("domain", "b.test",
                "phone", "+15551234567", "handle", "x")));
        assertThat(((ConnectorAdmin.Refused) both).status()).isEqualTo(400);
        Throwable badNumber = catchThrowable(() -> admin(a, "GET", "lookup", null, Map.of("domain", "b.test",
                "phone", "12")));
        assertThat(((ConnectorAdmin.Refused) badNumber).status()).isEqualTo(400);
    }

    @Test
    @Tag("direction:follower-to-hub")
    void bForwardsAReportAboutARoomHostedOnAToItsHub() {
        Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of(b.ghost(romeo))));
        await().atMost(Duration.ofSeconds(60)).until(() -> Gateway.join(b.dma.isMember(room, b.ghost(romeo))));

        JsonObject sent = admin(b, "POST", "abuse-reports", new JsonObject().put("room", room.toUri())
                .put("reporter", romeo.toUri())
                .put("abuser", a.ghost(juliet).toUri()).put("reason", 3).put("note", "spam links"), Map.of());
        assertThat(sent.getString("hub")).isEqualTo("a.test");

        List<StoredAbuseReport> atA = a.dma.abuseReports();
        assertThat(atA).hasSize(1);
        StoredAbuseReport report = atA.get(0);
        assertThat(report.roomUri()).isEqualTo(room.toUri());
        assertThat(report.peerDomain()).isEqualTo("b.test");
        assertThat(report.report().reportingUser().uri()).isEqualTo(b.ghost(romeo).toUri());
        assertThat(report.report().allegedAbuserUri().uri()).isEqualTo(a.ghost(juliet).toUri());
        assertThat(report.report().reasonCode()).isEqualTo(3);
        assertThat(report.report().note()).isEqualTo("spam links");
        JsonObject listed = admin(a, "GET", "abuse-reports", null, Map.of());
        assertThat(listed.getJsonArray("abuseReports")).hasSize(1);
        assertThat(listed.getJsonArray("abuseReports").getJsonObject(0).getString("note")).isEqualTo("spam links");

        // The hub's own users report to it locally; a room nobody hosts is refused.
        Gateway.join(a.dma.reportAbuse(room, a.ghost(juliet), b.ghost(romeo), 0, ""));
        assertThat(a.dma.abuseReports()).hasSize(2);
        assertThat(a.dma.abuseReports().get(1).peerDomain()).isEqualTo("a.test");
        Throwable unknown = catchThrowable(() -> admin(b, "POST", "abuse-reports", new JsonObject()
                .put("room", "mimi://a.test/r/nowhere").put("reporter", b.ghost(romeo).toUri())
                .put("abuser", a.ghost(juliet).toUri()), Map.of()));
        assertThat(((ConnectorAdmin.Refused) unknown).status()).isEqualTo(404);
        assertThat(b.dma.abuseReports()).isEmpty();
    }

    static JsonObject admin(Gateway on, String method, String path, JsonObject body, Map<String, String> query) {
        return Gateway.join(on.dma.handle(new ConnectorAdmin.Request(method, path, Optional.ofNullable(body),
                query)));
    }
}
