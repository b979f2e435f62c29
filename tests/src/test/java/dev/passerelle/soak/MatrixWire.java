package dev.passerelle.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.e2e.MatrixMember;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Matrix user in one of the topology's Matrix rooms (A's user, or B's user behind MIMI): edits are
 * {@code m.replace} relations, replies {@code m.in_reply_to}, reactions {@code m.annotation}, and attachments
 * {@code m.image} events with a caption whose file was uploaded to the user's homeserver first, as a client does.
 */
final class MatrixWire extends Wire {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = FileHost.png();

    private final MatrixMember member;
    private final String asToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, String> ownEvents = new ConcurrentHashMap<>();
    /** Event id of a message in the room to its tag, for the reactions that refer to it. */
    private final Map<String, Integer> roomEvents = new ConcurrentHashMap<>();
    private int read;

    MatrixWire(MatrixMember member, String asToken, Ledger ledger) {
        super(member.side(), ledger);
        this.member = member;
        this.asToken = asToken;
    }

    @Override
    void text(Ledger.Item item) {
        String id = member.sendText(body(item, "text"));
        ownEvents.put(item.number(), id);
        roomEvents.put(id, item.number());
    }

    @Override
    void edit(Ledger.Item item, int target) {
        String text = body(item, "edit");
        ObjectNode content = message("* " + text);
        content.set("m.new_content", message(text));
        content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", ownEvents.get(target));
        member.send("m.room.message", content);
    }

    @Override
    void reply(Ledger.Item item, int target) {
        ObjectNode content = message(body(item, "reply"));
        content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", ownEvents.get(target));
        member.send("m.room.message", content);
    }

    @Override
    void reaction(Ledger.Item item, int target) {
        ObjectNode content = JSON.createObjectNode();
        content.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", ownEvents.get(target))
                .put("key", "\uD83D\uDC4D");
        member.send("m.reaction", content);
    }

    @Override
    void attachment(Ledger.Item item) {
        String name = fileName(item);
        // A caption (a body other than the file name) carries the tag to networks that show files as bare links.
        ObjectNode content = JSON.createObjectNode().put("msgtype", "m.image").put("body", body(item, "attachment"))
                .put("filename", name).put("url", upload(name));
        content.putObject("info").put("mimetype", "image/png").put("size", PNG.length).put("w", 24).put("h", 24);
        member.send("m.room.message", content);
    }

    private String upload(String name) {
        String url = member.homeserver().baseUrl() + "/_matrix/media/v3/upload?filename=" + name + "&user_id="
                + URLEncoder.encode(member.userId(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + asToken).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("upload of " + name + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("content_uri").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("upload of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted uploading " + name, e);
        }
    }

    private static ObjectNode message(String body) {
        return JSON.createObjectNode().put("msgtype", "m.text").put("body", body);
    }

    @Override
    void scan() {
        List<StoredEvent> all = member.homeserver().events(member.roomId());
        for (; read < all.size(); read++) {
            StoredEvent e = all.get(read);
            if (e.sender().equals(member.userId())) {
                continue;
            }
            JsonNode content = e.content();
            if (e.type().equals("m.reaction")) {
                Integer target = roomEvents.get(content.path("m.relates_to").path("event_id").asText());
                if (target != null) {
                    ledger.reactionArrived(side(), target);
                }
                continue;
            }
            if (!e.type().equals("m.room.message")) {
                continue;
            }
            Kind form = form(content);
            String text = form == Kind.EDIT ? content.path("m.new_content").path("body").asText(
                    content.path("body").asText()) : content.path("body").asText();
            List<Integer> tags = Ledger.tags(text);
            for (int tag : tags) {
                ledger.arrived(side(), tag, form);
            }
            if (!tags.isEmpty()) {
                roomEvents.put(e.eventId(), tags.get(tags.size() - 1));
            }
        }
    }

    private static Kind form(JsonNode content) {
        JsonNode relates = content.path("m.relates_to");
        if (relates.path("rel_type").asText().equals("m.replace")) {
            return Kind.EDIT;
        }
        if (relates.has("m.in_reply_to")) {
            return Kind.REPLY;
        }
        String type = content.path("msgtype").asText();
        if (type.equals("m.image") || type.equals("m.file")) {
            return Kind.ATTACHMENT;
        }
        return Kind.TEXT;
    }
}
