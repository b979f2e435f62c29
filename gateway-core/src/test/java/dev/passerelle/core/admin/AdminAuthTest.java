package dev.passerelle.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.spi.AccessRefusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AdminAuthTest {

    private static final String TOKEN = "s3cret-token-0123456789";
    private static final List<String> ENDPOINTS =
            List.of("/health", "/health/live", "/metrics", "/api/v1/links", "/api/v1/ghosts", "/api/v1/dead-letters");

    private static void assertRefused(HttpResponse<Buffer> r, String message) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(message);
    }

    private static Future<Void> each(List<String> paths, java.util.function.Function<String, Future<Void>> check) {
        Future<Void> chain = Future.succeededFuture();
        for (String path : paths) {
            chain = chain.compose(v -> check.apply(path));
        }
        return chain;
    }

    private static double refused(AdminHarness h, String reason) {
        return new AccessRefusals(h.registry).count(AccessRefusals.Surface.ADMIN, reason);
    }

    @Test
    void everyEndpointRefusesARequestWithoutTheToken(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.of(TOKEN)).compose(h -> each(ENDPOINTS, path ->
                h.request(HttpMethod.GET, path, Optional.empty(), null)
                        .map(r -> { assertRefused(r, "missing bearer token"); return null; }))
                .map(v -> {
                    assertThat(refused(h, "missing_token")).isEqualTo(ENDPOINTS.size());
                    assertThat(refused(h, "wrong_token")).isZero();
                    return null;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void wrongTokensAndSchemesAreRefused(Vertx vertx, VertxTestContext ctx) {
        List<String> wrong = List.of("Bearer nope", "Bearer " + TOKEN.substring(0, 10), "Bearer " + TOKEN + "x",
                "Basic " + TOKEN, TOKEN, "Bearer ", "Bearer" + TOKEN);
        AdminHarness.start(vertx, Optional.of(TOKEN)).compose(h -> each(wrong, header ->
                h.request(HttpMethod.GET, "/api/v1/links", Optional.of(header), null)
                        .map(r -> { assertRefused(r, "wrong bearer token"); return null; }))
                .map(v -> {
                    assertThat(refused(h, "wrong_token")).isEqualTo(wrong.size());
                    assertThat(h.registry.scrape()).doesNotContain(TOKEN);
                    return null;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void theRightTokenOpensEveryEndpoint(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.of(TOKEN)).compose(h -> each(ENDPOINTS, path ->
                h.request(HttpMethod.GET, path, Optional.of("Bearer " + TOKEN), null)
                        .map(r -> { assertThat(r.statusCode()).as(path).isEqualTo(200); return null; }))
                .compose(v -> h.request(HttpMethod.GET, "/api/v1/links", Optional.of("bearer " + TOKEN), null))
                .map(r -> { assertThat(r.statusCode()).as("scheme is case-insensitive").isEqualTo(200); return null; })
                .compose(v -> h.request(HttpMethod.POST, "/api/v1/links", Optional.empty(), Buffer.buffer("{}")))
                .map(r -> { assertRefused(r, "missing bearer token"); return null; })
                .map(v -> {
                    assertThat(refused(h, "missing_token")).as("only the request without a token").isEqualTo(1.0);
                    return null;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void withoutATokenTheLoopbackListenerIsOpen(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> each(ENDPOINTS, path ->
                h.request(HttpMethod.GET, path, Optional.empty(), null)
                        .map(r -> { assertThat(r.statusCode()).as(path).isEqualTo(200); return null; })))
                .onComplete(ctx.succeedingThenComplete());
    }
}
