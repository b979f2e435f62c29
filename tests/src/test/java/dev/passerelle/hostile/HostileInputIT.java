package dev.passerelle.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.provider.FanoutWorker;
import dev.passerelle.connector.dma.transport.PeerHttpException;
import dev.passerelle.e2e.GatewayProcess;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of the hostile-input corpus ({@code hostile/manifest.yaml}) against the distribution jar in its own
 * process, one instance for all: XML on the XMPP component stream, JSON to the appservice transaction endpoint and
 * the admin API (with the right tokens, so that the body checks are what refuse it), TLS-presentation bytes to the
 * MIMI endpoints over mutual TLS from an allowed peer, CBOR inside MLS messages of a member of a room the gateway hosts.
 * After each: the specified error came back, the process is
 * alive, and a conversation between Matrix and XMPP carried a message each way, one of them sent while the case
 * was being played.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER = Duration.ofSeconds(20);

    private HostileWorld world;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dir) {
        world = new HostileWorld(dir);
        world.prepare();
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsErrorAndTheGatewayKeepsRelaying() {
        List<HostileCase> cases = Corpus.load().cases();
        assertThat(cases).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.surface() + " " + c.name(), () -> play(c)));
    }

    private void play(HostileCase c) throws Exception {
        byte[] payload = Corpus.payload(c, world.placeholders());
        HostileWorld.Sent during = world.sendFromMatrix(c.name());
        switch (c.surface()) {
            case XMPP_STREAM, XMPP_PROLOG -> xmpp(c, payload);
            case APPSERVICE -> appService(c, payload);
            case ADMIN -> admin(c, payload);
            case MIMI -> mimi(c, payload);
            case MIMI_CONTENT -> mimiContent(c, payload);
            default -> throw new IllegalArgumentException(c.name() + ": not a surface of the running gateway");
        }
        world.assertFlows(during);
    }

    private void xmpp(HostileCase c, byte[] payload) {
        HostileCase.Expect expect = c.expect();
        int errorsBefore = world.xmpp.errorsFromComponent().size();
        Map<String, String> sent = Map.of("direction", "sent", "condition", String.valueOf(expect.streamError()));
        double sentBefore = world.gateway.metric("passerelle_xmpp_stream_errors_total", sent);
        if (c.surface() == HostileCase.Surface.XMPP_PROLOG) {
            world.xmpp.headerPrefix(new String(payload, StandardCharsets.UTF_8));
            world.xmpp.drop();
        } else {
            world.awaitStreamUp();
            world.xmpp.inject(payload);
        }
        try {
            if (expect.streamError() != null) {
                await(c.name() + ": stream error " + expect.streamError()).atMost(ANSWER).untilAsserted(() ->
                        assertThat(world.xmpp.errorsFromComponent()).as(c.why()).hasSizeGreaterThan(errorsBefore)
                                .element(errorsBefore).isEqualTo(expect.streamError()));
                // A hostile prolog is met again on every reconnection until the server stops sending it.
                double counted = world.gateway.metric("passerelle_xmpp_stream_errors_total", sent) - sentBefore;
                if (c.surface() == HostileCase.Surface.XMPP_STREAM) {
                    assertThat(counted).as("stream errors counted").isEqualTo(1);
                } else {
                    assertThat(counted).as("stream errors counted").isGreaterThanOrEqualTo(1);
                }
            } else {
                await(c.name() + ": stanza error " + expect.stanzaError()).atMost(ANSWER)
                        .untilAsserted(() -> assertThat(world.xmpp.receivedXml()).as(c.why())
                                .anyMatch(x -> x.contains("id='" + expect.stanzaId() + "'")
                                        && x.contains("type='error'") && x.contains("<" + expect.stanzaError() + " ")));
                assertThat(world.xmpp.errorsFromComponent()).as("no stream error for a stanza-level refusal")
                        .hasSize(errorsBefore);
            }
        } finally {
            world.xmpp.headerPrefix("");
        }
    }

    private void appService(HostileCase c, byte[] payload) throws IOException, InterruptedException {
        Map<String, Double> ignoredBefore = ignored(c);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(world.appServiceUrl()
                + "/_matrix/app/v1/transactions/hostile-" + c.name()))
                .header("Authorization", "Bearer " + HostileWorld.HS_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(payload)));
        assertThat(r.statusCode()).as(c.why() + ": " + r.body()).isEqualTo(c.expect().status());
        JsonNode body = JSON.readTree(r.body());
        if (c.expect().errcode() != null) {
            assertThat(body.path("errcode").asText()).as(r.body()).isEqualTo(c.expect().errcode());
            assertThat(body.path("error").asText()).as("a refusal says why").isNotBlank();
        }
        for (Map.Entry<String, Integer> e : c.expect().ignored().entrySet()) {
            await(c.name() + ": ignored{reason=" + e.getKey() + "}").atMost(ANSWER).until(() ->
                    world.gateway.metric("passerelle_matrix_events_ignored_total", Map.of("reason", e.getKey()))
                            - ignoredBefore.get(e.getKey()) == e.getValue());
        }
    }

    private Map<String, Double> ignored(HostileCase c) {
        Map<String, Double> counts = new HashMap<>();
        for (String reason : c.expect().ignored().keySet()) {
            counts.put(reason, world.gateway.metric("passerelle_matrix_events_ignored_total",
                    Map.of("reason", reason)));
        }
        return counts;
    }

    private void admin(HostileCase c, byte[] payload) throws IOException, InterruptedException {
        int linksBefore = links();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + world.gateway.adminPort() + "/api/v1/links"))
                .header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)));
        assertThat(r.statusCode()).as(c.why() + ": " + r.body()).isEqualTo(c.expect().status());
        assertThat(JSON.readTree(r.body()).path("error").asText()).as(c.why()).contains(c.expect().error());
        assertThat(links()).as("a refused request creates no link").isEqualTo(linksBefore);
    }

    private int links() throws IOException {
        return JSON.readTree(world.gateway.admin("GET", "/api/v1/links", null).body()).path("links").size();
    }

    private void mimi(HostileCase c, byte[] payload) throws IOException {
        MimiEndpoint endpoint = Stream.of(MimiEndpoint.values())
                .filter(e -> e.directoryKey().equals(Optional.of(c.target()))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(c.name() + ": no MIMI endpoint " + c.target()));
        String parameter = endpoint.parameter().orElseThrow();
        String value = parameter.equals("domain") ? HostileWorld.PROVIDER
                : parameter.equals("roomId") ? "mimi://" + HostileWorld.PROVIDER + "/r/lobby"
                : "mimi://" + HostileWorld.PROVIDER + "/u/juliet";
        Throwable t = catchThrowable(() -> HostileWorld.join(world.peer.post(HostileWorld.PROVIDER,
                endpoint.path(value), Buffer.buffer(payload), FanoutWorker.CONTENT_TYPE)));
        assertThat(t).as(c.why()).isInstanceOf(AssertionError.class).hasRootCauseInstanceOf(PeerHttpException.class);
        PeerHttpException refused = (PeerHttpException) rootCause(t);
        assertThat(refused.status()).as(c.why() + ": " + refused.body()).isEqualTo(c.expect().status());
        if (c.expect().error() != null) {
            JsonNode body = JSON.readTree(refused.body().getBytes());
            assertThat(body.path("error").asText()).as(refused.body().toString()).isEqualTo(c.expect().error());
            assertThat(body.path("detail").asText()).as(refused.body().toString()).startsWith(c.expect().detail());
        }
    }

    /**
     * CBOR reaches the content decoders only inside an MLS application message: the other provider's member of
     * the gateway's room submits it, properly encrypted. The hub accepts the message (it is well-formed MLS); the
     * gateway's own member decrypts it, and the content is dropped, counted and logged with its field path and
     * reason (docs/connectors/dma.md, "Inbound"), never relayed.
     */
    private void mimiContent(HostileCase c, byte[] payload) {
        Map<String, String> application = Map.of("kind", "application");
        double before = world.gateway.metric("passerelle_mimi_inbound_dropped_total", application);
        byte[] body = world.mimiPeer.submission(HostileWorld.MIMI_ROOM, payload);
        var accepted = HostileWorld.join(world.peer.post(HostileWorld.PROVIDER,
                MimiEndpoint.SUBMIT_MESSAGE.path(HostileWorld.MIMI_ROOM), Buffer.buffer(body),
                FanoutWorker.CONTENT_TYPE));
        assertThat(accepted.status()).as(c.why()).isBetween(200, 201);
        await(c.name() + ": dropped{kind=application}").atMost(ANSWER).until(() -> world.gateway.metric(
                "passerelle_mimi_inbound_dropped_total", application) == before + 1);
        // Content is tried first; what is neither content nor a status report is refused as content.
        String logged = "content does not decode: " + (c.target().equals("content")
                ? c.expect().path() + ": " + c.expect().reason() : "");
        await(c.name() + ": logged").atMost(ANSWER).until(() -> world.gateway.logText().contains(logged));
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(ANSWER).build(), HttpResponse.BodyHandlers.ofString());
    }
}
