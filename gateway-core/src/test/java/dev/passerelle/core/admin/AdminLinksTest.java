package dev.passerelle.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AdminLinksTest {

    private static final String MUC = "xmpp:room@muc.example.org";
    private static final String MATRIX = "matrix:roomid/abc:example.org";
    private static final String MIMI = "mimi://provider.example/r/room1";

    private static JsonObject body(String kind, String... rooms) {
        return new JsonObject().put("kind", kind).put("rooms", new JsonArray(List.of((Object[]) rooms)));
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String... parts) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.bodyAsJsonObject().getString("error")).contains(parts);
    }

    @Test
    void createGetListDelete(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> h.post("/api/v1/links", body("plumbed", MUC, MATRIX, MIMI))
                .map(r -> {
                    assertThat(r.statusCode()).isEqualTo(201);
                    JsonObject link = r.bodyAsJsonObject();
                    assertThat(link.getString("kind")).isEqualTo("plumbed");
                    assertThat(link.getJsonArray("rooms").stream().map(String.class::cast).toList()).containsExactlyInAnyOrder(
                            Jid.of("room", "muc.example.org").toUri(), MatrixRoomId.parse("!abc:example.org").toUri(), MIMI);
                    assertThat(link.getString("created")).isEqualTo(AdminHarness.NOW.toString());
                    assertThat(r.getHeader("Location")).isEqualTo("/api/v1/links/" + link.getString("id"));
                    Optional<Link> stored = h.store.links().find(LinkId.parse(link.getString("id")));
                    assertThat(stored).hasValueSatisfying(l -> {
                        assertThat(l.kind()).isEqualTo(Link.Kind.PLUMBED);
                        assertThat(l.rooms()).contains(Jid.of("room", "muc.example.org"));
                    });
                    return link.getString("id");
                })
                .compose(id -> h.get("/api/v1/links/" + id).map(r -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getString("id")).isEqualTo(id);
                    return id;
                }))
                .compose(id -> h.get("/api/v1/links").map(r -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getJsonArray("links")).hasSize(1);
                    return id;
                }))
                .compose(id -> h.delete("/api/v1/links/" + id).map(r -> {
                    assertThat(r.statusCode()).isEqualTo(204);
                    assertThat(h.store.links().list()).isEmpty();
                    return id;
                }))
                .compose(id -> h.delete("/api/v1/links/" + id).map(r -> {
                    assertError(r, 404, "no link " + id);
                    return id;
                }))
                .compose(id -> h.get("/api/v1/links/" + id).map(r -> {
                    assertError(r, 404, "no link");
                    return null;
                })))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aPortalIsCreatedToo(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> h.post("/api/v1/links", body("portal", MUC, MATRIX))
                .map(r -> {
                    assertThat(r.statusCode()).isEqualTo(201);
                    assertThat(r.bodyAsJsonObject().getString("kind")).isEqualTo("portal");
                    // The connectors of its rooms are told at once (an XMPP MUC is joined then, not later).
                    assertThat(h.backend.linked).extracting(l -> l.id().toString())
                            .containsExactly(r.bodyAsJsonObject().getString("id"));
                    return null;
                })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aRoomAlreadyLinkedIsAConflict(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            h.store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED,
                    Set.of(MatrixRoomId.parse("!abc:example.org"), Jid.of("other", "muc.example.org")), AdminHarness.NOW));
            return h.post("/api/v1/links", body("plumbed", MIMI, MATRIX)).map(r -> {
                assertError(r, 409, "already belongs to link");
                assertThat(h.store.links().list()).hasSize(1);
                assertThat(h.backend.linked).isEmpty();
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void badRequestsSayWhatIsWrong(Vertx vertx, VertxTestContext ctx) {
        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{not json", "not valid JSON");
        cases.put("[1, 2]", "must be a JSON object");
        cases.put("", "must be a JSON object");
        cases.put(body("plumbed", MUC), "at least two rooms");
        cases.put(body("plumbed"), "at least two rooms");
        cases.put(body("bridged", MUC, MATRIX), "kind must be \"portal\" or \"plumbed\", was \"bridged\"");
        cases.put(new JsonObject().put("rooms", new JsonArray().add(MUC).add(MATRIX)), "kind must be");
        cases.put(new JsonObject().put("kind", "plumbed"), "rooms must be a list");
        cases.put(new JsonObject().put("kind", "plumbed").put("rooms", MUC), "rooms must be a list");
        cases.put(body("plumbed", MUC, MATRIX).put("name", "x"), "unknown field 'name'");
        cases.put(new JsonObject().put("kind", "plumbed").put("rooms", new JsonArray().add(MUC).add(5)), "rooms[1] must be a string");
        cases.put(body("plumbed", MUC, "irc:#chan"), "rooms[1] 'irc:#chan' is not a valid address: scheme");
        cases.put(body("plumbed", MUC, "xmpp:other@muc.example.org"), "a link joins at most one room per network");
        cases.put(body("plumbed", MUC, MUC), "listed twice");
        cases.put(body("plumbed", MUC, "matrix:u/bob:example.org"), "is a user, not a room");
        cases.put(body("plumbed", MUC, "matrix:r/room:example.org"), "is a room alias");
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            Future<Void> chain = Future.succeededFuture();
            for (Map.Entry<Object, String> c : cases.entrySet()) {
                chain = chain.compose(v -> h.post("/api/v1/links", c.getKey()).map(r -> {
                    assertError(r, 400, c.getValue());
                    return null;
                }));
            }
            return chain.map(v -> {
                assertThat(h.store.links().list()).isEmpty();
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aBadLinkIdIsABadRequest(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> h.get("/api/v1/links/not-a-uuid").map(r -> {
            assertError(r, 400, "link id must be a UUID");
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void anOversizedBodyIsRefused(Vertx vertx, VertxTestContext ctx) {
        String huge = "{\"kind\": \"" + "x".repeat((int) AdminServer.MAX_BODY_BYTES) + "\"}";
        AdminHarness.start(vertx, Optional.empty()).compose(h -> h.post("/api/v1/links", huge).map(r -> {
            assertThat(r.statusCode()).isEqualTo(413);
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }
}
