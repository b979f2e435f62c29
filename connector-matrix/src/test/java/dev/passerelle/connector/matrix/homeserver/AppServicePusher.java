package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The stub homeserver's side of the Application Service API: it builds each request to the gateway, validates it
 * against the spec before sending, and retries transactions with a bounded exponential backoff until a 200.
 */
final class AppServicePusher {

    private final MatrixApi api;
    private final List<String> violations;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile int maxAttempts = 6;
    private volatile Duration firstBackoff = Duration.ofMillis(20);
    private volatile Duration maxBackoff = Duration.ofMillis(500);

    AppServicePusher(MatrixApi api, List<String> violations) {
        this.api = api;
        this.violations = violations;
    }

    void retryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
        if (maxAttempts < 1 || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("need maxAttempts >= 1 and 0 <= firstBackoff <= maxBackoff");
        }
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    CompletableFuture<TransactionResult> push(String gatewayBaseUrl, String hsToken, String txnId,
                                              List<ObjectNode> events, List<ObjectNode> ephemeral) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("events").addAll(events);
        if (!ephemeral.isEmpty()) {
            body.putArray("ephemeral").addAll(ephemeral);
        }
        String path = "/_matrix/app/v1/transactions/" + encode(txnId);
        HttpRequest request = validated("PUT", gatewayBaseUrl, hsToken, path, body);
        return attempt(request, 1, firstBackoff);
    }

    HttpResponse<String> call(String method, String gatewayBaseUrl, String hsToken, String pathAndQuery,
                              JsonNode body) {
        return send(validated(method, gatewayBaseUrl, hsToken, pathAndQuery, body));
    }

    HttpResponse<String> raw(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null || body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    private CompletableFuture<TransactionResult> attempt(HttpRequest request, int attempt, Duration backoff) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error == null
                        ? new TransactionResult(attempt, response.statusCode(), response.body())
                        : new TransactionResult(attempt, 0, String.valueOf(error)))
                .thenCompose(result -> {
                    if (result.acknowledged() || attempt >= maxAttempts) {
                        return CompletableFuture.completedFuture(result);
                    }
                    Duration next = backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                            ? maxBackoff : backoff.multipliedBy(2);
                    // Homeservers back off between retries of the same transaction; nothing blocks meanwhile.
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> attempt(request, attempt + 1, next));
                });
    }

    /** Builds the request and fails (recording the violations) when the spec does not allow it. */
    private HttpRequest validated(String method, String gatewayBaseUrl, String hsToken, String pathAndQuery,
                                  JsonNode body) {
        byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = body == null
                ? Map.of("Authorization", List.of("Bearer " + hsToken))
                : Map.of("Authorization", List.of("Bearer " + hsToken), "Content-Type", List.of("application/json"));
        List<String> found = api.validate(ApiRequest.of(method, pathAndQuery, headers, bytes));
        if (!found.isEmpty()) {
            violations.addAll(found);
            throw new AssertionError("the stub homeserver would send a request the spec does not allow: " + found);
        }
        String base = gatewayBaseUrl.endsWith("/")
                ? gatewayBaseUrl.substring(0, gatewayBaseUrl.length() - 1) : gatewayBaseUrl;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, bytes.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach((name, values) -> builder.header(name, values.get(0)));
        return builder.build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
