package dev.passerelle.connector.matrix.rooms;

import dev.passerelle.connector.matrix.client.MatrixApiException;
import dev.passerelle.connector.matrix.client.MatrixClient;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.store.Ghost;
import dev.passerelle.core.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's ghost users on the homeserver: registers each once (and records it in the store's ghost
 * table), gives it a display name, and joins it to rooms. What is known to be done is cached in memory; a
 * restart only costs a few idempotent calls ({@code M_USER_IN_USE} counts as registered, joining twice is a
 * no-op on a homeserver).
 */
public final class GhostUsers {

    private final Vertx vertx;
    private final MatrixClient client;
    private final Store store;
    private final Clock clock;
    private final Set<MatrixUserId> registered = ConcurrentHashMap.newKeySet();
    private final Set<String> joined = ConcurrentHashMap.newKeySet();

    public GhostUsers(Vertx vertx, MatrixClient client, Store store, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Registers {@code ghost}, the ghost of {@code real}, unless done before; a new ghost gets the display name
     * stored for it, or one made from the real address (a MUC occupant's nickname, a bare address).
     */
    public Future<Void> ensureRegistered(MatrixUserId ghost, Address real) {
        if (registered.contains(ghost)) {
            return Future.succeededFuture();
        }
        return client.registerGhost(ghost.localpart())
                .compose(v -> vertx.executeBlocking(() -> {
                    Optional<Ghost> known = store.ghosts().findByGhost(ghost);
                    if (known.isEmpty()) {
                        store.ghosts().save(new Ghost(real, ghost, Optional.of(defaultName(real)), Optional.empty(),
                                clock.instant()));
                        return Optional.of(defaultName(real));
                    }
                    return known.get().displayName();
                }, false))
                .compose(name -> name.isPresent() ? client.setDisplayName(ghost, name.get()) : Future.succeededFuture())
                .onSuccess(v -> registered.add(ghost));
    }

    /** Remembers a new display name for the ghost (a profile change relayed from its network). */
    public Future<Void> rememberName(MatrixUserId ghost, Address real, String name) {
        return vertx.executeBlocking(() -> {
            Optional<Ghost> known = store.ghosts().findByGhost(ghost);
            store.ghosts().save(new Ghost(real, ghost, Optional.of(name), known.flatMap(Ghost::avatar),
                    known.map(Ghost::created).orElse(clock.instant())));
            return null;
        }, false);
    }

    /**
     * Joins {@code user} (a ghost, or the bot when empty) to the room unless known joined; a ghost that may not
     * join on its own is invited by the bot first.
     */
    public Future<Void> ensureJoined(Optional<MatrixUserId> user, String roomId) {
        String key = key(user, roomId);
        if (joined.contains(key)) {
            return Future.succeededFuture();
        }
        return client.join(user, roomId).<Void>mapEmpty().recover(failure -> {
            if (user.isPresent() && forbidden(failure)) {
                return client.invite(Optional.empty(), roomId, user.get())
                        .compose(v -> client.join(user, roomId)).mapEmpty();
            }
            return Future.failedFuture(failure);
        }).onSuccess(v -> joined.add(key));
    }

    /** Forgets that {@code user} is in the room, after the homeserver said otherwise or the room was left. */
    public void forgetJoined(Optional<MatrixUserId> user, String roomId) {
        joined.remove(key(user, roomId));
    }

    /** Forgets every membership in a room (after an upgrade moved the bridge away from it). */
    public void forgetRoom(String roomId) {
        joined.removeIf(k -> k.endsWith("|" + roomId));
    }

    /** True when the failure is the homeserver refusing an action as forbidden (not joined, not invited). */
    public static boolean forbidden(Throwable failure) {
        return failure instanceof MatrixApiException api && api.status() == 403;
    }

    static String defaultName(Address real) {
        if (real instanceof Jid jid && jid.resourcepart().isPresent()) {
            return jid.resourcepart().get();
        }
        String uri = real.toUri();
        return uri.startsWith("xmpp:") ? uri.substring("xmpp:".length()) : uri;
    }

    private static String key(Optional<MatrixUserId> user, String roomId) {
        return user.map(MatrixUserId::toString).orElse("") + "|" + roomId;
    }
}
