package dev.passerelle.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.store.Ghost;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.StoredDelivery;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AdminGhostsAndDeadLettersTest {

    private static final Address MUC = Jid.of("room", "muc.example.org");
    private static final Address ROOM = MatrixRoomId.parse("!abc:example.org");

    private static void addGhosts(AdminHarness h, int n) {
        for (int i = 0; i < n; i++) {
            h.store.ghosts().save(new Ghost(Jid.of("user" + i, "example.org"),
                    MatrixUserId.parse("@_passerelle_user" + i + ":example.org"),
                    i == 0 ? Optional.of("User Zero") : Optional.empty(),
                    i == 0 ? Optional.of(URI.create("mxc://example.org/avatar")) : Optional.empty(),
                    AdminHarness.NOW.plusSeconds(i)));
        }
    }

    /** Journals {@code n} events to ROOM and dead-letters them all; returns their seqs. */
    private static List<Long> addDeadLetters(AdminHarness h, int n) {
        LinkId link = LinkId.random();
        List<JournalBatch.Append> appends = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            EventId e = EventId.random();
            appends.add(new JournalBatch.Append(e, new NativeRef(Network.XMPP, MUC, new NativeId("stanza-" + i)), link,
                    ("{\"v\":1,\"body\":\"hello " + i + "\"}").getBytes(StandardCharsets.UTF_8),
                    List.of(new JournalBatch.Target(ROOM, IdempotencyKey.derive(e, ROOM)))));
        }
        List<long[]> seqs = h.store.journal().write(new JournalBatch(appends, List.of(), List.of(), List.of(), List.of()))
                .appended();
        List<JournalBatch.DeadLetter> dead = seqs.stream()
                .map(s -> new JournalBatch.DeadLetter(s[0], 12, "M_FORBIDDEN: not in room")).toList();
        h.store.journal().write(new JournalBatch(List.of(), List.of(), List.of(), List.of(), dead));
        return seqs.stream().map(s -> s[0]).toList();
    }

    @Test
    void ghostsArePaged(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            addGhosts(h, 5);
            return h.get("/api/v1/ghosts").map(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                JsonObject body = r.bodyAsJsonObject();
                assertThat(body.getLong("total")).isEqualTo(5);
                assertThat(body.getInteger("offset")).isZero();
                assertThat(body.getInteger("limit")).isEqualTo(100);
                JsonObject first = body.getJsonArray("ghosts").getJsonObject(0);
                assertThat(first.getString("real")).isEqualTo(Jid.of("user0", "example.org").toUri());
                assertThat(first.getString("ghost")).isEqualTo(MatrixUserId.parse("@_passerelle_user0:example.org").toUri());
                assertThat(first.getString("network")).isEqualTo("matrix");
                assertThat(first.getString("displayName")).isEqualTo("User Zero");
                assertThat(first.getString("avatar")).isEqualTo("mxc://example.org/avatar");
                assertThat(body.getJsonArray("ghosts").getJsonObject(1).containsKey("displayName")).isFalse();
                return h;
            }).compose(x -> h.get("/api/v1/ghosts?offset=3&limit=1")).map(r -> {
                JsonArray ghosts = r.bodyAsJsonObject().getJsonArray("ghosts");
                assertThat(ghosts).hasSize(1);
                assertThat(ghosts.getJsonObject(0).getString("real")).isEqualTo(Jid.of("user3", "example.org").toUri());
                return h;
            }).compose(x -> h.get("/api/v1/ghosts?limit=0")).map(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.bodyAsJsonObject().getString("error")).contains("limit must be an integer from 1 to 1000");
                return h;
            }).compose(x -> h.get("/api/v1/ghosts?offset=-1")).map(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                return h;
            }).compose(x -> h.get("/api/v1/ghosts?limit=ten")).map(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void deadLettersAreListedNewestFirst(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            List<Long> seqs = addDeadLetters(h, 3);
            return h.get("/api/v1/dead-letters?limit=2").map(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                JsonObject body = r.bodyAsJsonObject();
                assertThat(body.getLong("total")).isEqualTo(3);
                JsonArray list = body.getJsonArray("deadLetters");
                assertThat(list).hasSize(2);
                JsonObject newest = list.getJsonObject(0);
                assertThat(newest.getLong("seq")).isEqualTo(seqs.get(2));
                assertThat(newest.getString("target")).isEqualTo(ROOM.toUri());
                assertThat(newest.getInteger("attempts")).isEqualTo(12);
                assertThat(newest.getString("lastError")).isEqualTo("M_FORBIDDEN: not in room");
                assertThat(newest.getBoolean("rendered")).isFalse();
                assertThat(newest.getJsonObject("eventJson").getString("body")).isEqualTo("hello 2");
                assertThat(newest.getString("idempotencyKey")).startsWith("pg");
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void retryAndDiscardGoThroughTheBackend(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            List<Long> seqs = addDeadLetters(h, 2);
            long first = seqs.get(0);
            long second = seqs.get(1);
            return h.request(io.vertx.core.http.HttpMethod.POST, "/api/v1/dead-letters/" + first + "/retry").map(r -> {
                assertThat(r.statusCode()).isEqualTo(204);
                assertThat(h.backend.retried).containsExactly(first);
                assertThat(h.store.journal().find(first)).hasValueSatisfying(
                        d -> assertThat(d.status()).isEqualTo(StoredDelivery.Status.PENDING));
                return h;
            }).compose(x -> h.request(io.vertx.core.http.HttpMethod.POST, "/api/v1/dead-letters/" + first + "/retry"))
                    .map(r -> {
                        assertThat(r.statusCode()).isEqualTo(404);
                        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("no dead letter " + first);
                        return h;
                    }).compose(x -> h.delete("/api/v1/dead-letters/" + second)).map(r -> {
                        assertThat(r.statusCode()).isEqualTo(204);
                        assertThat(h.backend.discarded).containsExactly(second);
                        assertThat(h.store.journal().find(second)).isEmpty();
                        return h;
                    }).compose(x -> h.delete("/api/v1/dead-letters/" + second)).map(r -> {
                        assertThat(r.statusCode()).isEqualTo(404);
                        return h;
                    }).compose(x -> h.delete("/api/v1/dead-letters/abc")).map(r -> {
                        assertThat(r.statusCode()).isEqualTo(400);
                        assertThat(r.bodyAsJsonObject().getString("error")).contains("positive integer");
                        return h;
                    }).compose(x -> h.get("/api/v1/dead-letters")).map(r -> {
                        assertThat(r.bodyAsJsonObject().getJsonArray("deadLetters")).isEmpty();
                        assertThat(r.bodyAsJsonObject().getLong("total")).isZero();
                        return null;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aFailingStoreIsA503AndAFailingBackendA500(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            h.backend.failure = new IllegalStateException("router broke");
            return h.get("/api/v1/dead-letters").map(r -> {
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("internal error");
                h.store.close();
                return h;
            }).compose(x -> h.get("/api/v1/links")).map(r -> {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.bodyAsJsonObject().getString("error")).contains("store unavailable");
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }
}
