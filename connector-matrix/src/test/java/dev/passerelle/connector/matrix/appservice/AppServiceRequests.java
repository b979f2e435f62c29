package dev.passerelle.connector.matrix.appservice;

import dev.passerelle.connector.matrix.homeserver.ApiRequest;
import dev.passerelle.connector.matrix.homeserver.MatrixApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests to the server under test the way a homeserver does. Every test request goes through
 * here, so that the requests can also be routed through a stub homeserver that checks them against the
 * spec.
 */
final class AppServiceRequests {

    /** How a request carries the hs_token. */
    enum Auth { BEARER, QUERY, NONE, WRONG_BEARER, WRONG_QUERY, BOTH_WRONG_HEADER }

    /** A response: status and body. */
    record Reply(int status, String body, java.util.Optional<String> retryAfter) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String errcode() {
            return json().getString("errcode");
        }
    }

    private final WebClient client;
    private final int port;
    private final String token;

    AppServiceRequests(Vertx vertx, int port, String token) {
        this.client = WebClient.create(vertx);
        this.port = port;
        this.token = token;
    }

    Future<Reply> send(HttpMethod method, String pathAndQuery, Auth auth, Buffer body) {
        String uri = pathAndQuery;
        if (auth == Auth.QUERY || auth == Auth.WRONG_QUERY || auth == Auth.BOTH_WRONG_HEADER) {
            String value = auth == Auth.WRONG_QUERY ? token + "x" : token;
            uri += (uri.contains("?") ? "&" : "?") + "access_token=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", uri);
        if (auth == Auth.BEARER) {
            request.putHeader("Authorization", "Bearer " + token);
        } else if (auth == Auth.WRONG_BEARER || auth == Auth.BOTH_WRONG_HEADER) {
            request.putHeader("Authorization", "Bearer not-" + token);
        }
        Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent;
        if (body == null) {
            sent = request.send();
        } else {
            request.putHeader("Content-Type", "application/json");
            sent = request.sendBuffer(body);
        }
        return sent.map(r -> new Reply(r.statusCode(), r.bodyAsString() == null ? "" : r.bodyAsString(),
                java.util.Optional.ofNullable(r.getHeader("Retry-After"))));
    }

    Future<Reply> send(HttpMethod method, String pathAndQuery, Auth auth, String body) {
        return send(method, pathAndQuery, auth, body == null ? null : Buffer.buffer(body));
    }

    /** A request the spec allows: checked against the Application Service OpenAPI before it is sent. */
    Future<Reply> put(String path, String body) {
        requireValid("PUT", path, body);
        return send(HttpMethod.PUT, path, Auth.BEARER, body);
    }

    /** A request the spec allows: checked against the Application Service OpenAPI before it is sent. */
    Future<Reply> get(String path) {
        requireValid("GET", path, null);
        return send(HttpMethod.GET, path, Auth.BEARER, (String) null);
    }

    /** A request the spec does not allow (bad input on purpose): sent as it is. */
    Future<Reply> putUnchecked(String path, String body) {
        return send(HttpMethod.PUT, path, Auth.BEARER, body);
    }

    /** A request the spec does not allow (bad input on purpose): sent as it is. */
    Future<Reply> getUnchecked(String path) {
        return send(HttpMethod.GET, path, Auth.BEARER, (String) null);
    }

    private void requireValid(String method, String pathAndQuery, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("authorization", List.of("Bearer " + token));
        if (body != null) {
            headers.put("content-type", List.of("application/json"));
        }
        List<String> violations = MatrixApi.fromSharedSpec().validate(ApiRequest.of(method, pathAndQuery, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
        if (!violations.isEmpty()) {
            throw new AssertionError("the test request " + method + " " + pathAndQuery
                    + " breaks the Matrix spec: " + violations);
        }
    }

    /** Waits on the test thread (never an event loop) for a result. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("request failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("no result in time: " + e, e);
        }
    }

    void close() {
        client.close();
    }
}
