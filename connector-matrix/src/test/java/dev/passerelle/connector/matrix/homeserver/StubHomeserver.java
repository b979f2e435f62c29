package dev.passerelle.connector.matrix.homeserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A Matrix homeserver for tests, on WireMock: it validates every request against the spec ({@link MatrixApi}),
 * keeps what it is sent so tests read it back, injects rate limits and failures, and pushes transactions to the
 * gateway's application service endpoint like a homeserver (validated, retried until acknowledged).
 */
public final class StubHomeserver implements AutoCloseable {

    /** The localpart of the application service's own user when none is given. */
    public static final String DEFAULT_SENDER_LOCALPART = "gateway";
    /** The largest event the Matrix spec allows, in bytes; a send whose content alone is larger is refused 413. */
    public static final int MAX_EVENT_BYTES = 65_536;

    private final MatrixApi api;
    private final String serverName;
    private final String senderUserId;
    private final HomeserverState state;
    private final ClientServerRoutes routes;
    private final WireMockServer server;
    private final AppServicePusher pusher;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicReference<Long> retryAfterMs = new AtomicReference<>(0L);
    private final AtomicReference<Failure> failure = new AtomicReference<>(new Failure(0, 500, "M_UNKNOWN"));
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean authenticatedMedia = new AtomicBoolean(true);
    private final AtomicReference<Function<ApiRequest, Reply>> personRoutes = new AtomicReference<>();
    private final AtomicReference<Duration> slowness = new AtomicReference<>(Duration.ZERO);

    private record Failure(int remaining, int status, String errcode) {
    }

    private StubHomeserver(String serverName, String asToken, String senderLocalpart, int port) {
        if (serverName == null || serverName.isBlank() || asToken == null || asToken.isBlank()) {
            throw new IllegalArgumentException("serverName and asToken are required");
        }
        this.api = MatrixApi.fromSharedSpec();
        this.serverName = serverName;
        this.senderUserId = "@" + senderLocalpart + ":" + serverName;
        this.state = new HomeserverState(serverName);
        this.state.register(senderUserId);
        this.routes = new ClientServerRoutes(state, asToken, senderUserId, authenticatedMedia::get);
        this.pusher = new AppServicePusher(api, violations);
        this.server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .port(port)
                .extensions(new Handler()));
    }

    /** Starts a homeserver for {@code serverName} that accepts {@code asToken}; its AS user is {@code @gateway:}. */
    public static StubHomeserver start(String serverName, String asToken) {
        return start(serverName, asToken, DEFAULT_SENDER_LOCALPART);
    }

    /** Starts a homeserver whose application service user is {@code @senderLocalpart:serverName}. */
    public static StubHomeserver start(String serverName, String asToken, String senderLocalpart) {
        return start(serverName, asToken, senderLocalpart, 0);
    }

    /** As {@link #start(String, String, String)}, on a given loopback port (0: any free one). */
    public static StubHomeserver start(String serverName, String asToken, String senderLocalpart, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        StubHomeserver homeserver = new StubHomeserver(serverName, asToken, senderLocalpart, port);
        homeserver.server.start();
        // One catch-all stub: the Handler extension computes every response.
        homeserver.server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
        return homeserver;
    }

    /** {@code http://127.0.0.1:<port>}, the homeserver URL to configure in the gateway. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public String serverName() {
        return serverName;
    }

    /** The application service's own user ({@code sender_localpart}), registered from the start. */
    public String senderUserId() {
        return senderUserId;
    }

    // ---- spec conformance ----

    /** Every violation of the spec seen so far, in both directions. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Fails (AssertJ) listing every request that the spec does not allow. */
    public void assertNoViolations() {
        assertThat(violations()).as("requests that the Matrix spec does not allow").isEmpty();
    }

    // ---- read back ----

    public List<StoredEvent> events(String roomId) {
        return state.events(roomId);
    }

    public Set<String> users() {
        return state.users();
    }

    public Optional<StoredRoom> room(String idOrAlias) {
        return state.room(idOrAlias);
    }

    /** The profile fields ({@code displayname}, {@code avatar_url}) a user set. */
    public Map<String, JsonNode> profile(String userId) {
        return state.profile(userId);
    }

    public Optional<JsonNode> presence(String userId) {
        return state.presence(userId);
    }

    /** The event id of the last receipt (or read marker) of {@code type} a user sent in a room. */
    public Optional<String> receipt(String roomId, String userId, String type) {
        return state.receipt(roomId, userId, type);
    }

    public Optional<StoredMedia> media(String mxcUri) {
        return state.media(mxcUri);
    }

    /** Requests received for a raw path (no query), whatever their method and outcome. */
    public int requestCount(String rawPath) {
        AtomicInteger count = requestCounts.get(rawPath);
        return count == null ? 0 : count.get();
    }

    public int requestCount() {
        return requestCounts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    // ---- set-up shortcuts (no HTTP; for state the gateway finds already there) ----

    /** Registers a user directly, e.g. a native Matrix user. */
    public StubHomeserver registerUser(String userId) {
        state.register(userId);
        return this;
    }

    /** Creates a room as {@code creator} (registered on the fly) from a createRoom body; returns its id. */
    public String createRoom(String creator, ObjectNode createRoomBody) {
        state.register(creator);
        return state.createRoom(creator, createRoomBody);
    }

    /** Joins (or invites then joins) a user to a room directly. */
    public void join(String userId, String roomIdOrAlias) {
        state.register(userId);
        state.join(userId, roomIdOrAlias);
    }

    /** Sends a message directly as a native user; returns the event id. */
    public String send(String sender, String roomId, String type, JsonNode content) {
        return state.send(sender, roomId, type, content, HomeserverState.random(12));
    }

    /** Sets state directly as a native user (who must be in the room); returns the event id. */
    public String setState(String sender, String roomId, String type, String stateKey, JsonNode content) {
        return state.setState(sender, roomId, type, stateKey, content);
    }

        // ---- faults ----

    /** The next {@code times} requests get 429 M_LIMIT_EXCEEDED with {@code retry_after_ms}. */
    public StubHomeserver rateLimit(int times, long retryAfterMs) {
        this.retryAfterMs.set(retryAfterMs);
        this.rateLimited.set(times);
        return this;
    }

    /** The next {@code times} requests get {@code status} with {@code errcode}. */
    public StubHomeserver failNext(int times, int status, String errcode) {
        failure.set(new Failure(times, status, errcode));
        return this;
    }

    /** While down, every connection is reset. */
    public StubHomeserver down(boolean down) {
        this.down.set(down);
        return this;
    }

    /**
     * Every answer is held back by {@code delay} (zero: at once), like an overloaded homeserver; for tests where
     * one target falls behind the others.
     */
    public StubHomeserver slow(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        slowness.set(delay);
        return this;
    }

    /**
     * How many room sends repeated a transaction id already used by the same sender in the same room: each was
     * answered with the first event's id and stored nothing, as a homeserver does.
     */
    public int repeatedTransactions() {
        return state.repeatedTransactions();
    }

    /** {@code false} makes {@code /_matrix/client/v1/media} answer 404 M_UNRECOGNIZED, like an older homeserver. */
    public StubHomeserver authenticatedMedia(boolean enabled) {
        authenticatedMedia.set(enabled);
        return this;
    }

    // ---- the homeserver calling the gateway ----

    /** Attempts and backoff of {@link #pushTransaction}; defaults: 6 attempts, 20 ms doubling up to 500 ms. */
    public StubHomeserver retryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
        pusher.retryPolicy(maxAttempts, firstBackoff, maxBackoff);
        return this;
    }

    /**
     * Pushes a transaction of events, retrying until the gateway answers 200 or the attempts run out. Throws
     * {@link AssertionError} (and records the violations) before sending anything the spec does not allow.
     */
    public TransactionResult pushTransaction(String gatewayBaseUrl, String hsToken, String txnId,
                                             List<ObjectNode> events) {
        return pushTransactionAsync(gatewayBaseUrl, hsToken, txnId, events, List.of()).join();
    }

    /** As {@link #pushTransaction}, with ephemeral events in the spec's {@code ephemeral} list. */
    public TransactionResult pushTransaction(String gatewayBaseUrl, String hsToken, String txnId,
                                             List<ObjectNode> events, List<ObjectNode> ephemeral) {
        return pushTransactionAsync(gatewayBaseUrl, hsToken, txnId, events, ephemeral).join();
    }

    /** The non-blocking form, for callers on an event loop. */
    public CompletableFuture<TransactionResult> pushTransactionAsync(String gatewayBaseUrl, String hsToken,
            String txnId, List<ObjectNode> events, List<ObjectNode> ephemeral) {
        return pusher.push(gatewayBaseUrl, hsToken, txnId, events, ephemeral);
    }

    /** A validated call of another Application Service endpoint (user or room query, ping, third party). */
    public HttpResponse<String> callAppService(String method, String gatewayBaseUrl, String hsToken,
                                               String pathAndQuery, JsonNode body) {
        return pusher.call(method, gatewayBaseUrl, hsToken, pathAndQuery, body);
    }

    /** Sends anything to anyone, NOT validated: for tests of how the gateway rejects bad input. */
    public HttpResponse<String> rawRequestUnvalidated(String method, String url, Map<String, String> headers,
                                                      byte[] body) {
        return pusher.raw(method, url, headers, body);
    }

    /**
     * Serves requests under {@link PersonRoutes#PREFIX} with {@code routes}, outside the spec's validation and the
     * injected faults: they are the stub's own endpoints, for a person acting as a Matrix user.
     */
    void personRoutes(Function<ApiRequest, Reply> routes) {
        personRoutes.set(routes);
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Serves every request: count, validate, inject faults, then the Client-Server routes. */
    private final class Handler implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "passerelle-stub-homeserver";
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Request request = serveEvent.getRequest();
            ApiRequest apiRequest = toApiRequest(request);
            requestCounts.computeIfAbsent(apiRequest.rawPath(), p -> new AtomicInteger()).incrementAndGet();
            Function<ApiRequest, Reply> person = personRoutes.get();
            if (person != null && apiRequest.rawPath().startsWith(PersonRoutes.PREFIX)) {
                return toResponse(person.apply(apiRequest));
            }
            if (down.get()) {
                return new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            }
            List<String> found = api.validate(apiRequest);
            violations.addAll(found);
            return toResponse(faultOrServe(apiRequest));
        }

        private ResponseDefinition toResponse(Reply reply) {
            ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(reply.status())
                    .withBody(reply.body());
            if (reply.contentType() != null) {
                response.withHeader("Content-Type", reply.contentType());
            }
            long delay = slowness.get().toMillis();
            if (delay > 0) {
                response.withFixedDelay((int) Math.min(Integer.MAX_VALUE, delay));
            }
            return response.build();
        }

        private Reply faultOrServe(ApiRequest request) {
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Reply.rateLimited(retryAfterMs.get());
            }
            Failure failing = failure.getAndUpdate(
                    f -> f.remaining() > 0 ? new Failure(f.remaining() - 1, f.status(), f.errcode()) : f);
            if (failing.remaining() > 0) {
                return Reply.error(failing.status(), failing.errcode(), "Injected failure");
            }
            if (request.method().equals("PUT") && request.rawPath().contains("/send/")
                    && request.body().length > MAX_EVENT_BYTES) {
                // The spec caps an event at 65,536 bytes; the content alone over that can never fit.
                return Reply.error(413, "M_TOO_LARGE", "event content of " + request.body().length
                        + " bytes is over the limit of " + MAX_EVENT_BYTES);
            }
            return routes.handle(request);
        }
    }

    private static ApiRequest toApiRequest(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key(), new ArrayList<>(header.values()));
        }
        return ApiRequest.of(request.getMethod().getName(), request.getUrl(), headers, request.getBody());
    }
}
