package dev.passerelle.connector.matrix.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.GatewayException.Reason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The HTTP layer under {@link MatrixClient}: one OkHttp client sized from the settings, URLs built from raw
 * path segments, the bearer token, and the bridge from OkHttp's callbacks to Vert.x futures completed on the
 * context that made the call. Response bodies are read on OkHttp's threads, never on an event loop.
 */
final class Transport implements AutoCloseable {

    static final MediaType JSON = MediaType.get("application/json");
    /** Error bodies are small; a larger one is cut here (the status still decides). */
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private final Vertx vertx;
    private final ClientSettings settings;
    private final OkHttpClient http;
    private final OkHttpClient streaming;
    private final HttpUrl base;
    private final ObjectMapper json = new ObjectMapper();
    private final Failures failures;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Reachability reachability;

    /** Reads a response on an OkHttp thread; may throw a GatewayException to fail the call. */
    interface Reader<T> {
        T read(Response response, String description) throws IOException;
    }

    /** Like {@link Reader}, with the call, for answers whose body outlives the callback. */
    interface CallReader<T> {
        T read(Call call, Response response, String description) throws IOException;
    }

    Transport(Vertx vertx, ClientSettings settings, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.failures = new Failures(settings.asToken(), clock);
        this.reachability = new Reachability(clock);
        this.base = HttpUrl.get(settings.homeserver().toString());
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(settings.maxConnections());
        dispatcher.setMaxRequestsPerHost(settings.maxConnections());
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(settings.maxConnections(), 5, TimeUnit.MINUTES))
                .callTimeout(settings.callTimeout())
                .connectTimeout(settings.callTimeout())
                .readTimeout(settings.callTimeout())
                .writeTimeout(settings.callTimeout())
                .build();
        // Media bodies are pulled at the reader's pace, which may take longer than any whole-call timeout;
        // each single read is still bounded.
        this.streaming = http.newBuilder().callTimeout(Duration.ZERO).build();
    }

    /** The OkHttp client of JSON calls, for checking how it is sized. */
    OkHttpClient http() {
        return http;
    }

    ObjectMapper json() {
        return json;
    }

    Reachability reachability() {
        return reachability;
    }

    Failures failures() {
        return failures;
    }

    long maxResponseBytes() {
        return settings.maxResponseBytes();
    }

    /**
     * A URL under the homeserver from raw path segments, each percent-encoded whole (so {@code !}, {@code :},
     * {@code $}, {@code /} and {@code @} in ids cannot change the path's shape).
     */
    HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder url = base.newBuilder();
        for (String segment : segments) {
            url.addEncodedPathSegment(PathSegment.encode(segment));
        }
        return url;
    }

    Request.Builder authenticated(HttpUrl url) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + settings.asToken());
    }

    RequestBody jsonBody(ObjectNode body) {
        try {
            return RequestBody.create(json.writeValueAsBytes(body), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An authenticated JSON call answered with a JSON object. */
    Future<ObjectNode> call(String method, HttpUrl url, Optional<ObjectNode> body) {
        RequestBody requestBody = body.map(this::jsonBody).orElse(null);
        Request request = authenticated(url).method(method, requestBody).build();
        return exchange(request, this::readObject);
    }

    /** Runs {@code request}; {@code reader} turns the response into the result on an OkHttp thread. */
    <T> Future<T> exchange(Request request, Reader<T> reader) {
        return exchange(http, request, (call, response, description) -> reader.read(response, description));
    }

    /**
     * Like {@link #exchange(Request, Reader)}; {@code streamed} answers have no whole-call timeout (each read
     * still has one), for bodies read at a reader's pace after the future completed.
     */
    <T> Future<T> exchange(Request request, CallReader<T> reader, boolean streamed) {
        return exchange(streamed ? streaming : http, request, reader);
    }

    private <T> Future<T> exchange(OkHttpClient client, Request request, CallReader<T> reader) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        String description = describe(request);
        if (closed.get()) {
            return Future.failedFuture(new IllegalStateException("the Matrix client is closed"));
        }
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                GatewayException failure = failures.io(description, e);
                reachability.failed(failure.getMessage());
                context.runOnContext(v -> promise.fail(failure));
            }

            @Override
            public void onResponse(Call call, Response response) {
                if (response.code() >= 500) {
                    reachability.failed(description + " -> " + response.code());
                } else {
                    reachability.answered();
                }
                Object outcome;
                try {
                    outcome = reader.read(call, response, description);
                } catch (IOException e) {
                    response.close();
                    outcome = failures.io(description, e);
                } catch (RuntimeException e) {
                    response.close();
                    outcome = e;
                }
                Object result = outcome;
                context.runOnContext(v -> {
                    if (result instanceof Throwable t) {
                        promise.fail(t);
                    } else {
                        @SuppressWarnings("unchecked")
                        T value = (T) result;
                        promise.complete(value);
                    }
                });
            }
        });
        return promise.future();
    }

    /** {@code METHOD /path}, the query left out: it may name users, but never a token; still, keep it short. */
    static String describe(Request request) {
        return request.method() + " " + request.url().encodedPath();
    }

    /** Reads a successful JSON object answer, or throws the mapped failure. Closes the response. */
    ObjectNode readObject(Response response, String description) throws IOException {
        try (response) {
            if (!response.isSuccessful()) {
                throw failure(response, description);
            }
            byte[] bytes = readCapped(response.body(), settings.maxResponseBytes(), description);
            JsonNode node;
            try {
                node = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new GatewayException(Reason.TRANSIENT,
                        description + " -> " + response.code() + " with a body that is not JSON", e);
            }
            if (!(node instanceof ObjectNode object)) {
                throw new GatewayException(Reason.TRANSIENT,
                        description + " -> " + response.code() + " with a body that is not a JSON object");
            }
            return object;
        }
    }

    /** The mapped failure of an error answer; reads (a capped part of) its body. Does not close the response. */
    MatrixApiException failure(Response response, String description) throws IOException {
        byte[] bytes = readUpTo(response.body(), MAX_ERROR_BODY);
        ErrorBody body = ErrorBody.parse(json, bytes);
        return failures.http(description, response.code(), body, Optional.ofNullable(response.header("Retry-After")));
    }

    /** The whole body, failing PERMANENT if it is longer than {@code max} bytes. */
    static byte[] readCapped(ResponseBody body, long max, String description) throws IOException {
        long declared = body.contentLength();
        if (declared > max) {
            throw tooLarge(description, max);
        }
        BufferedSource source = body.source();
        if (source.request(max + 1)) {
            throw tooLarge(description, max);
        }
        return source.readByteArray();
    }

    private static byte[] readUpTo(ResponseBody body, long max) throws IOException {
        BufferedSource source = body.source();
        source.request(max);
        long available = Math.min(source.getBuffer().size(), max);
        return source.getBuffer().readByteArray(available);
    }

    private static GatewayException tooLarge(String description, long max) {
        return new GatewayException(Reason.PERMANENT,
                description + ": the answer is larger than the " + max + " bytes this client reads");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.dispatcher().cancelAll();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
