package dev.passerelle.core.admin;

import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * The provisioning endpoints under {@code /api/v1}: links, ghosts, dead letters and connectors' own operations. Store calls run on
 * worker threads; dead-letter operations go through the backend (the router), which owns the queues.
 */
final class ProvisioningApi {

    private final Vertx vertx;
    private final AdminBackend backend;
    private final Clock clock;

    ProvisioningApi(Vertx vertx, AdminBackend backend, Clock clock) {
        this.vertx = vertx;
        this.backend = backend;
        this.clock = clock;
    }

    Future<Reply> listLinks(RoutingContext ctx) {
        return vertx.executeBlocking(() -> backend.store().links().list(), false).map(links -> {
            JsonArray out = new JsonArray();
            links.forEach(l -> out.add(Views.link(l)));
            return Reply.ok(new JsonObject().put("links", out));
        });
    }

    Future<Reply> createLink(RoutingContext ctx) {
        LinkRequest request = LinkRequest.parse(ctx.body().buffer());
        Link link = new Link(LinkId.random(), request.kind(), request.rooms(), clock.instant());
        return vertx.executeBlocking(() -> {
            backend.store().links().create(link);
            return link;
        }, false).map(l -> {
            backend.linked(l);
            return Reply.created(Views.link(l), "/api/v1/links/" + l.id());
        });
    }

    Future<Reply> getLink(RoutingContext ctx) {
        LinkId id = linkId(ctx);
        return vertx.executeBlocking(() -> backend.store().links().find(id), false)
                .map(found -> Reply.ok(Views.link(found.orElseThrow(() -> ApiError.notFound("no link " + id)))));
    }

    Future<Reply> deleteLink(RoutingContext ctx) {
        LinkId id = linkId(ctx);
        return vertx.executeBlocking(() -> backend.store().links().delete(id), false).map(deleted -> {
            if (!deleted) {
                throw ApiError.notFound("no link " + id);
            }
            return Reply.noContent();
        });
    }

    Future<Reply> listGhosts(RoutingContext ctx) {
        Page page = Page.of(ctx);
        return vertx.executeBlocking(() -> {
            JsonArray out = new JsonArray();
            backend.store().ghosts().list(page.offset(), page.limit()).forEach(g -> out.add(Views.ghost(g)));
            return new JsonObject().put("ghosts", out).put("total", backend.store().ghosts().count())
                    .put("offset", page.offset()).put("limit", page.limit());
        }, false).map(Reply::ok);
    }

    Future<Reply> listDeadLetters(RoutingContext ctx) {
        Page page = Page.of(ctx);
        Future<Long> total = vertx.executeBlocking(() -> backend.store().journal().deadCount(), false);
        return backend.deadLetters(page.offset(), page.limit()).compose(list -> total.map(count -> {
            JsonArray out = new JsonArray();
            list.forEach(d -> out.add(Views.deadLetter(d)));
            return Reply.ok(new JsonObject().put("deadLetters", out).put("total", count)
                    .put("offset", page.offset()).put("limit", page.limit()));
        }));
    }

    Future<Reply> retryDeadLetter(RoutingContext ctx) {
        long seq = seq(ctx);
        return backend.retryDeadLetter(seq).map(done -> found(done, seq));
    }

    Future<Reply> discardDeadLetter(RoutingContext ctx) {
        long seq = seq(ctx);
        return backend.discardDeadLetter(seq).map(done -> found(done, seq));
    }

    /** A connector's own operation: handed to its {@link ConnectorAdmin}, if it has one. */
    Future<Reply> connector(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        ConnectorAdmin admin = backend.connectorAdmin(name)
                .orElseThrow(() -> ApiError.notFound("connector " + name + " has no admin operations"));
        String prefix = "/api/v1/connectors/" + name + "/";
        String path = ctx.request().path();
        String rest = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
        Object json = RequestJson.decode(ctx.body().buffer());
        if (json != null && !(json instanceof JsonObject)) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        java.util.Optional<JsonObject> body = java.util.Optional.ofNullable((JsonObject) json);
        java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
        ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        return admin.handle(new ConnectorAdmin.Request(ctx.request().method().name(), rest, body, query))
                .map(Reply::ok).recover(e -> Future.failedFuture(e instanceof ConnectorAdmin.Refused r
                        ? new ApiError(r.status(), r.getMessage()) : e));
    }

    private static Reply found(boolean done, long seq) {
        if (!done) {
            throw ApiError.notFound("no dead letter " + seq);
        }
        return Reply.noContent();
    }

    private static LinkId linkId(RoutingContext ctx) {
        String text = ctx.pathParam("id");
        try {
            return LinkId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("link id must be a UUID, was '" + text + "'");
        }
    }

    private static long seq(RoutingContext ctx) {
        String text = ctx.pathParam("seq");
        try {
            long seq = Long.parseLong(text);
            if (seq > 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw ApiError.badRequest("dead letter seq must be a positive integer, was '" + text + "'");
    }
}
