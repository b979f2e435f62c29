package dev.passerelle.e2e;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.ClientEvents;
import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.connector.matrix.homeserver.TransactionResult;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A native Matrix user in one room of a {@link StubHomeserver}: what it sends is stored on the homeserver and
 * pushed to the gateway's application service in a transaction, as a homeserver does; what the gateway's ghosts
 * send into the room is read back from the homeserver.
 */
public final class MatrixMember implements Participant {

    private final Side side;
    private final StubHomeserver homeserver;
    private final String appServiceUrl;
    private final String hsToken;
    private final String userId;
    private final String roomId;
    private final AtomicInteger transactions = new AtomicInteger();

    MatrixMember(Side side, StubHomeserver homeserver, String appServiceUrl, String hsToken, String userId,
            String roomId) {
        this.side = side;
        this.homeserver = homeserver;
        this.appServiceUrl = appServiceUrl;
        this.hsToken = hsToken;
        this.userId = userId;
        this.roomId = roomId;
    }

    @Override
    public Side side() {
        return side;
    }

    /** The user's Matrix id, {@code @user:server}. */
    public String userId() {
        return userId;
    }

    /** The user's address as a URI, {@code matrix:u/user:server}. */
    public String uri() {
        return "matrix:u/" + userId.substring(1);
    }

    /** The room this user is in. */
    public String roomId() {
        return roomId;
    }

    public StubHomeserver homeserver() {
        return homeserver;
    }

    /** Sends a room event as this user and pushes it to the gateway; gives its event id. */
    public String send(String type, JsonNode content) {
        String eventId = homeserver.send(userId, roomId, type, content);
        push(List.of(stored(eventId)), List.of());
        return eventId;
    }

    /**
     * Sends texts as this user and pushes them to the gateway in one transaction, in order, as a homeserver batches
     * what arrived since its last push; gives their event ids. The push is retried with the same transaction id
     * (the homeserver's {@link StubHomeserver#retryPolicy}) until the gateway acknowledges it.
     */
    public List<String> sendTexts(List<String> bodies) {
        List<String> ids = new java.util.ArrayList<>();
        for (String body : bodies) {
            ids.add(homeserver.send(userId, roomId, "m.room.message",
                    JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", body)));
        }
        java.util.Map<String, ObjectNode> byId = new java.util.HashMap<>();
        for (var e : homeserver.events(roomId)) {
            if (ids.contains(e.eventId())) {
                byId.put(e.eventId(), ClientEvents.toJson(e));
            }
        }
        push(ids.stream().map(byId::get).toList(), List.of());
        return ids;
    }

    /** Sets a state event as this user and pushes it to the gateway; gives its event id. */
    public String setState(String type, String stateKey, JsonNode content) {
        String eventId = homeserver.setState(userId, roomId, type, stateKey, content);
        push(List.of(stored(eventId)), List.of());
        return eventId;
    }

    /** Pushes ephemeral events (typing, receipts) to the gateway. */
    public void pushEphemeral(ObjectNode... ephemeral) {
        push(List.of(), List.of(ephemeral));
    }

    /** Pushes events built by the test (e.g. with {@link ClientEvents}) to the gateway as they are. */
    public void pushEvents(ObjectNode... events) {
        push(List.of(events), List.of());
    }

    private ObjectNode stored(String eventId) {
        return ClientEvents.toJson(homeserver.events(roomId).stream().filter(e -> e.eventId().equals(eventId))
                .findFirst().orElseThrow());
    }

    private void push(List<ObjectNode> events, List<ObjectNode> ephemeral) {
        TransactionResult r = homeserver.pushTransaction(appServiceUrl, hsToken,
                "e2e-" + transactions.incrementAndGet() + "-" + UUID.randomUUID(), events, ephemeral);
        if (!r.acknowledged()) {
            throw new AssertionError("the gateway did not acknowledge the transaction: " + r);
        }
    }

    @Override
    public String sendText(String body) {
        return send("m.room.message", JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", body));
    }

    /** Every event of the room sent by someone else (the gateway's ghosts and bot), oldest first. */
    public List<StoredEvent> received() {
        return homeserver.events(roomId).stream().filter(e -> !e.sender().equals(userId)).toList();
    }

    /** Waits for an event from someone else that matches. */
    public StoredEvent await(String what, Predicate<StoredEvent> which) {
        return org.awaitility.Awaitility.await(what).atMost(AWAIT).until(() -> received().stream().filter(which).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    @Override
    public String awaitText(String containing) {
        return await("Matrix user " + userId + " receiving '" + containing + "'",
                e -> e.type().equals("m.room.message") && e.content().path("body").asText().contains(containing))
                .content().path("body").asText();
    }
}
