package dev.passerelle.connector.matrix.appservice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixUserId;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The requests other than transactions: user and alias queries, ping, third-party lookups. */
final class QueryEndpoints {

    /** Refuses a request with a spec error, counting it. */
    interface Refusal {
        void refuse(RoutingContext ctx, MatrixError error, String message);
    }

    private final AppServiceHandler handler;
    private final BoundedJson json;
    private final Refusal refusal;
    private final BiConsumer<RoutingContext, Throwable> failure;

    QueryEndpoints(AppServiceHandler handler, BoundedJson json, Refusal refusal,
            BiConsumer<RoutingContext, Throwable> failure) {
        this.handler = handler;
        this.json = json;
        this.refusal = refusal;
        this.failure = failure;
    }

    void user(RoutingContext ctx) {
        String text = ctx.pathParam("userId");
        MatrixUserId user;
        try {
            user = MatrixUserId.parse(text);
        } catch (IllegalArgumentException e) {
            refusal.refuse(ctx, MatrixError.INVALID_PARAM, "not a Matrix user id: " + text);
            return;
        }
        exists(ctx, handler.userExists(user), "no such user: " + user);
    }

    void room(RoutingContext ctx) {
        String text = ctx.pathParam("roomAlias");
        MatrixRoomAlias alias;
        try {
            alias = MatrixRoomAlias.parse(text);
        } catch (IllegalArgumentException e) {
            refusal.refuse(ctx, MatrixError.INVALID_PARAM, "not a Matrix room alias: " + text);
            return;
        }
        exists(ctx, handler.roomAliasExists(alias), "no such room alias: " + alias);
    }

    void ping(RoutingContext ctx) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Optional<String> transactionId = Optional.empty();
        if (body.length > 0) {
            JsonNode tree;
            try {
                tree = json.parse(body);
            } catch (BoundedJson.Rejected e) {
                refusal.refuse(ctx, e.error(), e.getMessage());
                return;
            }
            JsonNode id = tree.get("transaction_id");
            if (!tree.isObject() || id != null && !id.isTextual()) {
                refusal.refuse(ctx, MatrixError.BAD_JSON, "a ping is an object with an optional string "
                        + "`transaction_id`");
                return;
            }
            transactionId = Optional.ofNullable(id).map(JsonNode::textValue);
        }
        reply(ctx, handler.ping(transactionId), done -> new JsonObject());
    }

    void protocol(RoutingContext ctx) {
        String protocol = ctx.pathParam("protocol");
        handler.thirdPartyProtocol(protocol).onComplete(result -> {
            if (result.failed()) {
                failure.accept(ctx, result.cause());
            } else if (result.result().isEmpty()) {
                MatrixError.NOT_FOUND.reply(ctx, "no such protocol: " + protocol);
            } else {
                json(ctx, ThirdPartyJson.protocol(result.result().get()).encode());
            }
        });
    }

    void locationsByFields(RoutingContext ctx) {
        fields(ctx).ifPresent(fields -> list(ctx,
                handler.thirdPartyLocations(ctx.pathParam("protocol"), fields), ThirdPartyJson::location));
    }

    void usersByFields(RoutingContext ctx) {
        fields(ctx).ifPresent(fields -> list(ctx,
                handler.thirdPartyUsers(ctx.pathParam("protocol"), fields), ThirdPartyJson::user));
    }

    void locationsByAlias(RoutingContext ctx) {
        Optional<String> text = single(ctx, "alias");
        if (text.isEmpty()) {
            return;
        }
        MatrixRoomAlias alias;
        try {
            alias = MatrixRoomAlias.parse(text.get());
        } catch (IllegalArgumentException e) {
            refusal.refuse(ctx, MatrixError.INVALID_PARAM, "not a Matrix room alias: " + text.get());
            return;
        }
        list(ctx, handler.thirdPartyLocations(alias), ThirdPartyJson::location);
    }

    void usersById(RoutingContext ctx) {
        Optional<String> text = single(ctx, "userid");
        if (text.isEmpty()) {
            return;
        }
        MatrixUserId user;
        try {
            user = MatrixUserId.parse(text.get());
        } catch (IllegalArgumentException e) {
            refusal.refuse(ctx, MatrixError.INVALID_PARAM, "not a Matrix user id: " + text.get());
            return;
        }
        list(ctx, handler.thirdPartyUsers(user), ThirdPartyJson::user);
    }

    /**
     * The spec's {@code fields} object travels as ordinary query parameters, one per field; the token is
     * not a field. A field given twice is ambiguous and refused.
     */
    private Optional<Map<String, String>> fields(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : params.names()) {
            if (name.equals("access_token")) {
                continue;
            }
            List<String> values = params.getAll(name);
            if (values.size() != 1) {
                refusal.refuse(ctx, MatrixError.INVALID_PARAM, "field " + name + " given " + values.size() + " times");
                return Optional.empty();
            }
            fields.put(name, values.get(0));
        }
        return Optional.of(fields);
    }

    private Optional<String> single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty() || values.get(0).isEmpty()) {
            refusal.refuse(ctx, MatrixError.MISSING_PARAM, "the query parameter " + name + " is required");
            return Optional.empty();
        }
        if (values.size() > 1) {
            refusal.refuse(ctx, MatrixError.INVALID_PARAM, "the query parameter " + name + " is given "
                    + values.size() + " times");
            return Optional.empty();
        }
        return Optional.of(values.get(0));
    }

    private void exists(RoutingContext ctx, Future<Boolean> answer, String notFound) {
        answer.onComplete(result -> {
            if (result.failed()) {
                failure.accept(ctx, result.cause());
            } else if (Boolean.TRUE.equals(result.result())) {
                json(ctx, "{}");
            } else {
                MatrixError.NOT_FOUND.reply(ctx, notFound);
            }
        });
    }

    /** A lookup's results; the spec answers an empty result with 404. */
    private <T> void list(RoutingContext ctx, Future<List<T>> answer, Function<T, JsonObject> toJson) {
        answer.onComplete(result -> {
            if (result.failed()) {
                failure.accept(ctx, result.cause());
            } else if (result.result().isEmpty()) {
                MatrixError.NOT_FOUND.reply(ctx, "no mapping found");
            } else {
                JsonArray array = new JsonArray();
                result.result().forEach(item -> array.add(toJson.apply(item)));
                json(ctx, array.encode());
            }
        });
    }

    private <T> void reply(RoutingContext ctx, Future<T> answer, Function<T, JsonObject> toJson) {
        answer.onComplete(result -> {
            if (result.failed()) {
                failure.accept(ctx, result.cause());
            } else {
                json(ctx, toJson.apply(result.result()).encode());
            }
        });
    }

    private static void json(RoutingContext ctx, String body) {
        if (!ctx.response().ended()) {
            ctx.response().putHeader("Content-Type", "application/json").end(body);
        }
    }
}
