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
    private final String asToken;
    private final String userId;
    private final String roomId;
    private final AtomicInteger transactions = new AtomicInteger();

    MatrixMember(Side side, StubHomeserver homeserver, String appServiceUrl, String hsToken, String asToken,
            String userId, String roomId) {
        this.asToken = asToken;
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

    /** Redacts an event as this user and pushes the redaction to the gateway; gives its event id. */
    public String redact(String eventId) {
        String id = homeserver.send(userId, roomId, "m.room.redaction",
                JsonNodeFactory.instance.objectNode().put("redacts", eventId));
        ObjectNode event = stored(id);
        event.put("redacts", eventId);
        push(List.of(event), List.of());
        return id;
    }

    /**
     * Sets a state event as {@code sender} (this user or another native user of the homeserver) and pushes it with
     * {@code unsigned.prev_content}, as a homeserver does for a change of an existing state.
     */
    public String setState(String sender, String type, String stateKey, JsonNode content, JsonNode prevContent) {
        String eventId = homeserver.setState(sender, roomId, type, stateKey, content);
        ObjectNode event = stored(eventId);
        if (prevContent != null) {
            ((ObjectNode) event.path("unsigned")).set("prev_content", prevContent);
        }
        push(List.of(event), List.of());
        return eventId;
    }

    /** Another native user joins the room (on the homeserver, then pushed); gives the join's event id. */
    public String joinOther(String otherUserId, String displayName) {
        homeserver.join(otherUserId, roomId);
        ObjectNode content = JsonNodeFactory.instance.objectNode().put("membership", "join")
                .put("displayname", displayName);
        return setState(otherUserId, "m.room.member", otherUserId, content, null);
    }

    /** Uploads a file to the homeserver through its media API as this user; gives its mxc URI. */
    public String upload(String name, String contentType, byte[] bytes) {
        try {
            java.net.http.HttpRequest r = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    homeserver.baseUrl() + "/_matrix/media/v3/upload?filename=" + name + "&user_id="
                            + java.net.URLEncoder.encode(userId, java.nio.charset.StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + asToken).header("Content-Type", contentType)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                    .send(r, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("upload refused: " + answer.statusCode() + " " + answer.body());
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("content_uri")
                    .asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    /** The last few events from others, as JSON, for failure messages. */
    public String describeRecent() {
        List<StoredEvent> events = received();
        StringBuilder out = new StringBuilder();
        events.stream().skip(Math.max(0, events.size() - 5)).forEach(e -> out.append(e.type()).append(' ')
                .append(e.sender()).append(' ').append(e.stateKey() == null ? "" : e.stateKey() + " ")
                .append(e.content()).append('\n'));
        return out.toString();
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
