package dev.passerelle.connector.xmpp.identity;

import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * Who receives each ghost's presence (RFC 6121 subscriptions to the ghost), kept durably by the connector in its
 * store state so a restart keeps every roster working.
 */
public interface Subscriptions {

    /** The users subscribed to {@code ghost}'s presence. */
    Future<Set<BareJid>> subscribers(EntityBareJid ghost);

    /** Records {@code user}'s subscription; true if it is new. */
    Future<Boolean> add(EntityBareJid ghost, BareJid user);

    /** Forgets {@code user}'s subscription; true if there was one. */
    Future<Boolean> remove(EntityBareJid ghost, BareJid user);

    /** Subscriptions kept in memory only: for tests and for a gateway without a store. */
    static Subscriptions inMemory() {
        ConcurrentHashMap<EntityBareJid, Set<BareJid>> map = new ConcurrentHashMap<>();
        return new Subscriptions() {
            @Override
            public Future<Set<BareJid>> subscribers(EntityBareJid ghost) {
                return Future.succeededFuture(Set.copyOf(map.getOrDefault(ghost, Set.of())));
            }

            @Override
            public Future<Boolean> add(EntityBareJid ghost, BareJid user) {
                return Future.succeededFuture(map.computeIfAbsent(ghost, g -> ConcurrentHashMap.newKeySet()).add(user));
            }

            @Override
            public Future<Boolean> remove(EntityBareJid ghost, BareJid user) {
                Set<BareJid> users = map.get(ghost);
                return Future.succeededFuture(users != null && users.remove(user));
            }
        };
    }
}
