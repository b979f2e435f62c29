package dev.passerelle.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connectors' own operations under /api/v1/connectors/{name}/: routing, bodies, refusals. */
@ExtendWith(VertxExtension.class)
class AdminConnectorsTest {

    /** Echoes each request; refuses the path "refuse" with 409, fails "break" with an unexpected error. */
    static final class Echo implements ConnectorAdmin {
        final List<Request> requests = new CopyOnWriteArrayList<>();

        @Override
        public Future<JsonObject> handle(Request request) {
            requests.add(request);
            if (request.path().equals("refuse")) {
                return Future.failedFuture(new Refused(409, "not now"));
            }
            if (request.path().equals("break")) {
                return Future.failedFuture(new IllegalStateException("broken"));
            }
            return Future.succeededFuture(new JsonObject().put("method", request.method()).put("path", request.path())
                    .put("body", request.body().orElse(null)).put("q", request.query().get("q")));
        }
    }

    @Test
    void requestsReachTheConnectorWithTheirPathBodyAndQuery(Vertx vertx, VertxTestContext ctx) {
        Echo echo = new Echo();
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            h.backend.admins.put("dma", echo);
            return h.get("/api/v1/connectors/dma/phones/+15550001111?q=1").compose(get -> {
                assertThat(get.statusCode()).isEqualTo(200);
                assertThat(get.bodyAsJsonObject().getString("method")).isEqualTo("GET");
                assertThat(get.bodyAsJsonObject().getString("path")).isEqualTo("phones/+15550001111");
                assertThat(get.bodyAsJsonObject().getString("q")).isEqualTo("1");
                return h.post("/api/v1/connectors/dma/abuse-reports", new JsonObject().put("a", 1));
            }).map(post -> {
                assertThat(post.statusCode()).isEqualTo(200);
                assertThat(post.bodyAsJsonObject().getJsonObject("body").getInteger("a")).isEqualTo(1);
                assertThat(echo.requests).hasSize(2);
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void refusalsKeepTheirStatusAndUnknownConnectorsAre404(Vertx vertx, VertxTestContext ctx) {
        Echo echo = new Echo();
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            h.backend.admins.put("dma", echo);
            return h.request(HttpMethod.DELETE, "/api/v1/connectors/dma/refuse").compose(refused -> {
                assertThat(refused.statusCode()).isEqualTo(409);
                assertThat(refused.bodyAsString()).contains("not now");
                return h.get("/api/v1/connectors/xmpp/anything");
            }).compose(unknown -> {
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.bodyAsString()).contains("xmpp");
                return h.post("/api/v1/connectors/dma/phones/+15550001111", "{not json");
            }).compose(bad -> {
                assertThat(bad.statusCode()).isEqualTo(400);
                return h.get("/api/v1/connectors/dma/break");
            }).map(broken -> {
                assertThat(broken.statusCode()).isEqualTo(500);
                assertThat(broken.bodyAsString()).doesNotContain("broken");
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }
}
