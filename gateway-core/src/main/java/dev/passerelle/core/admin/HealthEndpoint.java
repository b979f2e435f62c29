package dev.passerelle.core.admin;

import dev.passerelle.core.spi.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /health}: the process is live if it answers; it is ready when the store answers and every
 * configured connector is UP. 200 when ready, 503 otherwise, with the details in the body either way.
 */
final class HealthEndpoint {

    private final Vertx vertx;
    private final AdminBackend backend;

    HealthEndpoint(Vertx vertx, AdminBackend backend) {
        this.vertx = vertx;
        this.backend = backend;
    }

    Future<Reply> health(RoutingContext ctx) {
        return vertx.executeBlocking(() -> backend.store().healthy(), false)
                .otherwise(false)
                .map(storeHealthy -> {
                    boolean ready = storeHealthy;
                    JsonObject connectors = new JsonObject();
                    for (Map.Entry<String, Health> e : new TreeMap<>(backend.connectorHealth()).entrySet()) {
                        Health h = e.getValue();
                        ready &= h.ready();
                        JsonObject c = new JsonObject()
                                .put("state", h.state().name())
                                .put("ready", h.ready())
                                .put("since", h.since().toString());
                        h.detail().ifPresent(d -> c.put("detail", d));
                        connectors.put(e.getKey(), c);
                    }
                    JsonObject body = new JsonObject()
                            .put("live", true)
                            .put("ready", ready)
                            .put("store", new JsonObject().put("healthy", storeHealthy))
                            .put("connectors", connectors);
                    return new Reply(ready ? 200 : 503, Optional.of(body), Optional.empty());
                });
    }

    /** {@code GET /health/live}: 200 whenever the process answers, for supervisors that restart on failure. */
    Future<Reply> live(RoutingContext ctx) {
        return Future.succeededFuture(Reply.ok(new JsonObject().put("live", true)));
    }
}
