package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.identity.Subscriptions;
import dev.passerelle.core.store.ConnectorStateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * {@link Subscriptions} kept in the connector's state store, one entry per ghost ({@code subscribers/<ghost>}: a
 * JSON array of bare JIDs), so rosters survive a restart. Each call runs on a worker, ordered on the caller's
 * context, so two changes to one ghost's list never interleave their read and write.
 */
final class StoredSubscriptions implements Subscriptions {
    private final Vertx vertx;
    private final ConnectorStateStore state;
    private final String connector;

    StoredSubscriptions(Vertx vertx, ConnectorStateStore state, String connector) {
        this.vertx = vertx;
        this.state = state;
        this.connector = connector;
    }

    @Override
    public Future<Set<BareJid>> subscribers(EntityBareJid ghost) {
        return blocking(() -> Set.copyOf(read(ghost)));
    }

    @Override
    public Future<Boolean> add(EntityBareJid ghost, BareJid user) {
        return blocking(() -> {
            Set<BareJid> users = read(ghost);
            boolean added = users.add(user);
            if (added) {
                write(ghost, users);
            }
            return added;
        });
    }

    @Override
    public Future<Boolean> remove(EntityBareJid ghost, BareJid user) {
        return blocking(() -> {
            Set<BareJid> users = read(ghost);
            boolean removed = users.remove(user);
            if (removed) {
                write(ghost, users);
            }
            return removed;
        });
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, true);
    }

    private Set<BareJid> read(EntityBareJid ghost) {
        Optional<byte[]> stored = state.get(connector, key(ghost));
        Set<BareJid> users = new LinkedHashSet<>();
        if (stored.isPresent()) {
            for (Object jid : new JsonArray(new String(stored.get(), StandardCharsets.UTF_8))) {
                users.add(JidCreate.bareFromOrThrowUnchecked((String) jid));
            }
        }
        return users;
    }

    private void write(EntityBareJid ghost, Set<BareJid> users) {
        if (users.isEmpty()) {
            state.delete(connector, key(ghost));
            return;
        }
        JsonArray json = new JsonArray();
        users.forEach(u -> json.add(u.toString()));
        state.put(connector, key(ghost), json.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static String key(EntityBareJid ghost) {
        return "subscribers/" + ghost;
    }
}
