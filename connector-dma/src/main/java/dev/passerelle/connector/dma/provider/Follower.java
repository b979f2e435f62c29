package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.protocol.FanoutMessage;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.protocol.ProtocolException;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.SubmitMessageResponse;
import dev.passerelle.connector.dma.protocol.UpdateRequest;
import dev.passerelle.connector.dma.protocol.UpdateResponse;
import dev.passerelle.connector.dma.protocol.WireMessage;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.connector.dma.transport.PeerRefusedException;
import dev.passerelle.connector.dma.transport.RefusalReason;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Our side of rooms hosted elsewhere (protocol-06 section 5.5 and the flows of section 3): takes the hub's notify
 * calls and sends our users' messages and commits to the hub. A notify is accepted only from the room's hub (the
 * domain we know for the room, else the room URI's authority); a body already processed from that hub (same SHA-256
 * of the exact bytes) is acknowledged without processing it again; otherwise each FanoutMessage goes to
 * {@link LocalDelivery} in order and the body is marked processed only after every delivery completed, so a crash
 * in between makes the hub's retry process it (the connector must tolerate seeing an event again after a crash,
 * never losing one). Notify calls for one room are processed one at a time, in the order they came; those of
 * different rooms side by side (their waits for the journal overlap). The marks are forgotten after a while
 * ({@link #forgetProcessedBefore}); a body the hub sends again after that is still recognised further in: its
 * messages' keys are used up, its commits' epochs are past and its Welcomes' KeyPackages are spent.
 */
public final class Follower {

    private final Vertx vertx;
    private final String ownDomain;
    private final ProviderState state;
    private final MimiHttpClient client;
    private final LocalDelivery local;
    /** Per room, the last notify taken (until it is processed): the next one for the room waits for it. */
    private final Map<String, Future<Void>> tails = new HashMap<>();

    /** A follower for {@code ownDomain}, calling hubs with {@code client}. */
    public Follower(Vertx vertx, String ownDomain, ProviderStore store, MimiHttpClient client, LocalDelivery local) {
        if (vertx == null || ownDomain == null || store == null || client == null || local == null) {
            throw new IllegalArgumentException("no argument may be null");
        }
        this.vertx = vertx;
        this.ownDomain = ownDomain;
        this.state = new ProviderState(store);
        this.client = client;
        this.local = local;
    }

    /**
     * A notify from {@code peerDomain} for {@code roomUri}: {@code messages} decoded from {@code body}. Fails with a
     * {@link PeerRefusedException} (403) unless the peer is the room's hub; completes when the body is processed
     * (or was before), which is when the endpoint answers 201.
     */
    public Future<Void> notify(String roomUri, List<FanoutMessage> messages, byte[] body, String peerDomain) {
        byte[] copy = body.clone();
        Promise<Void> done = Promise.promise();
        synchronized (this) {
            Future<Void> previous = tails.getOrDefault(roomUri, Future.succeededFuture());
            Future<Void> tail = previous.transform(ignored -> process(roomUri, messages, copy, peerDomain)
                    .onComplete(done)).transform(ignored -> Future.succeededFuture());
            tails.put(roomUri, tail);
            tail.onComplete(ignored -> forget(roomUri, tail));
        }
        return done.future();
    }

    private synchronized void forget(String roomUri, Future<Void> tail) {
        tails.remove(roomUri, tail);
    }

    private Future<Void> process(String roomUri, List<FanoutMessage> messages, byte[] body, String peerDomain) {
        byte[] hash = ProviderState.sha256(body);
        return vertx.executeBlocking(() -> {
            ProviderRoom room = state.room(roomUri).orElse(null);
            String hub = room != null ? room.hubDomain() : MimiUris.domainOf(roomUri);
            if (room != null && room.role() == ProviderRoom.Role.HUB || !hub.equals(peerDomain)) {
                throw new PeerRefusedException(RefusalReason.DOMAIN_MISMATCH, "only the hub " + hub
                        + " of " + roomUri + " sends its events, not " + peerDomain);
            }
            return state.notifySeen(hub, hash);
        }, false).compose(seen -> {
            if (seen) {
                return Future.succeededFuture();
            }
            Future<Void> chain = Future.succeededFuture();
            for (FanoutMessage message : messages) {
                chain = chain.compose(v -> local.deliver(roomUri, message));
            }
            return chain.compose(v -> vertx.executeBlocking(() -> {
                ProviderRoom room = state.room(roomUri).orElse(ProviderRoom.followed(roomUri, peerDomain));
                long epoch = room.epoch();
                for (FanoutMessage message : messages) {
                    if (message.kind() == FanoutMessage.Kind.COMMIT) {
                        epoch = message.message().epoch().getAsLong() + 1;
                    } else if (message.kind() == FanoutMessage.Kind.APPLICATION) {
                        epoch = Math.max(epoch, message.message().epoch().getAsLong());
                    }
                }
                long reached = epoch;
                state.together(() -> {
                    state.putRoom(room.withMembers(room.participants(), reached));
                    state.markNotifySeen(peerDomain, hash);
                });
                return null;
            }, false));
        });
    }

    /**
     * Forgets the notify bodies marked processed before {@code before}, one row each (without this they would pile
     * up, one per message); completes with how many went.
     */
    public Future<Integer> forgetProcessedBefore(java.time.Instant before) {
        return vertx.executeBlocking(() -> state.forgetNotifiesBefore(before), false);
    }

    /**
     * Sends one of our users' application messages (an MLS PrivateMessage, encrypted once and stored by the caller:
     * a retry passes the same bytes) to the room's hub. Succeeds with the accepted response (the hub's timestamp);
     * epochTooOld fails with a TRANSIENT {@link GatewayException}, so that the router retries once our group state
     * has caught up with the commits in flight (the message then has to be re-encrypted in the new epoch: the
     * caller drops the stored ciphertext on this failure); notAllowed fails PERMANENT.
     */
    public Future<SubmitMessageResponse> submitToHub(String roomUri, WireMessage appMessage, String senderUri) {
        byte[] body = new SubmitMessageRequest(appMessage, new IdentifierUri(senderUri)).toBytes();
        return hubOf(roomUri).compose(hub -> client.post(hub, MimiEndpoint.SUBMIT_MESSAGE.path(roomUri),
                Buffer.buffer(body), FanoutWorker.CONTENT_TYPE)).compose(response -> {
                    SubmitMessageResponse r = decode(() -> SubmitMessageResponse.decode(response.body().getBytes()));
                    if (r.statusCode() == SubmitMessageResponse.Code.EPOCH_TOO_OLD) {
                        return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT,
                                "the hub of " + roomUri + " is at epoch " + r.currentEpoch().getAsLong()));
                    }
                    if (r.statusCode() == SubmitMessageResponse.Code.NOT_ALLOWED) {
                        return Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT,
                                "the hub of " + roomUri + " did not allow the message"));
                    }
                    return Future.succeededFuture(r);
                });
    }

    /**
     * Sends a commit or proposals to the room's hub. Succeeds with success; wrongEpoch fails TRANSIENT (process the
     * commits in flight, then make the commit again), notAllowed and invalidProposal fail PERMANENT with the hub's
     * description.
     */
    public Future<UpdateResponse> updateAtHub(String roomUri, UpdateRequest request) {
        byte[] body = request.toBytes();
        return hubOf(roomUri).compose(hub -> client.post(hub, MimiEndpoint.UPDATE.path(roomUri),
                Buffer.buffer(body), FanoutWorker.CONTENT_TYPE)).compose(response -> {
                    UpdateResponse r = decode(() -> UpdateResponse.decode(response.body().getBytes()));
                    if (r.responseCode() == UpdateResponse.Code.WRONG_EPOCH) {
                        return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT,
                                "the hub of " + roomUri + " is at epoch " + r.currentEpoch().getAsLong()));
                    }
                    if (r.responseCode() != UpdateResponse.Code.SUCCESS) {
                        return Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT,
                                "the hub of " + roomUri + " refused the update (" + r.responseCode() + "): "
                                        + r.errorDescription()));
                    }
                    return Future.succeededFuture(r);
                });
    }

    private Future<String> hubOf(String roomUri) {
        return vertx.executeBlocking(() -> {
            String hub = state.room(roomUri).map(ProviderRoom::hubDomain).orElse(MimiUris.domainOf(roomUri));
            if (hub.equals(ownDomain)) {
                throw new GatewayException(GatewayException.Reason.INVALID,
                        roomUri + " is hosted here: use the Hub, not the Follower");
            }
            return hub;
        }, false);
    }

    private static <T> T decode(java.util.function.Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (ProtocolException e) {
            throw new GatewayException(GatewayException.Reason.TRANSIENT, "the hub's answer does not decode: "
                    + e.error().describe(), e);
        }
    }
}
