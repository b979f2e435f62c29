package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.connector.dma.protocol.FanoutMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a connector does with room events, for the tests: one MLS member per room (our one local user), joining from
 * Welcomes through the handed-out KeyPackages, applying commits and decrypting messages, all recorded.
 */
final class Members implements LocalDelivery {

    private final Vertx vertx;
    private final Map<String, MlsClient> clients;
    private KeyPackages keys;
    final Map<String, GroupState> groups = new ConcurrentHashMap<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger deliveries = new AtomicInteger();
    volatile boolean failing;
    /** Deliveries to this room wait until {@link #release()}. */
    volatile String heldRoom;
    private final Promise<Void> released = Promise.promise();

    Members(Vertx vertx, Map<String, MlsClient> clients) {
        this.vertx = vertx;
        this.clients = clients;
    }

    void keys(KeyPackages keyPackages) {
        this.keys = keyPackages;
    }

    /** Lets the deliveries to {@link #heldRoom} go on. */
    void release() {
        released.tryComplete();
    }

    @Override
    public Future<Void> deliver(String roomUri, FanoutMessage message) {
        deliveries.incrementAndGet();
        if (failing) {
            return Future.failedFuture(new IllegalStateException("the connector is failing on purpose"));
        }
        if (roomUri.equals(heldRoom)) {
            return released.future().compose(v -> handle(roomUri, message));
        }
        return handle(roomUri, message);
    }

    private Future<Void> handle(String roomUri, FanoutMessage message) {
        return vertx.executeBlocking(() -> {
            byte[] bytes = message.message().encoded().bytes();
            if (message.kind() == FanoutMessage.Kind.WELCOME) {
                KeyPackages.Claimed claimed = keys.forWelcome(message.message().welcome()).orElseThrow();
                groups.put(roomUri, GroupState.join(clients.get(claimed.userUri()), claimed.bundle(), bytes, Map.of()));
                keys.used(claimed);
            } else if (message.kind() == FanoutMessage.Kind.COMMIT) {
                groups.get(roomUri).receiveCommit(bytes);
            } else if (message.kind() == FanoutMessage.Kind.APPLICATION) {
                received.add(new String(groups.get(roomUri).decrypt(bytes).plaintext(), StandardCharsets.UTF_8));
            }
            return null;
        }, true);
    }
}
