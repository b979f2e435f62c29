package dev.passerelle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The feature matrix as a native Matrix user: A's Matrix user, or B's Matrix user standing for the other MIMI
 * provider. Events are the Client-Server API's; what the gateway's ghosts did is read back from the homeserver.
 */
final class MatrixEndpoint implements Endpoint {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final MatrixMember member;
    private final Links links;

    MatrixEndpoint(MatrixMember member, Links links) {
        this.member = member;
        this.links = links;
    }

    @Override
    public Side side() {
        return member.side();
    }

    private static ObjectNode text(String body) {
        return NODES.objectNode().put("msgtype", "m.text").put("body", body);
    }

    @Override
    public String send(String body) {
        return member.sendText(body);
    }

    @Override
    public String refOfOwn(String sentId) {
        return sentId;
    }

    @Override
    public void sendFormatted(String word, String rest) {
        member.send("m.room.message", text("**" + word + "** " + rest).put("format", "org.matrix.custom.html")
                .put("formatted_body", "<strong>" + word + "</strong> " + rest));
    }

    @Override
    public void reply(String ref, String body) {
        ObjectNode content = text(body);
        content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", ref);
        member.send("m.room.message", content);
    }

    @Override
    public void edit(String sentId, String ref, String newBody) {
        ObjectNode content = text("* " + newBody);
        content.set("m.new_content", text(newBody));
        content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", ref);
        member.send("m.room.message", content);
    }

    @Override
    public void retract(String ref) {
        member.redact(ref);
    }

    @Override
    public void react(String ref, String key) {
        ObjectNode content = NODES.objectNode();
        content.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", ref).put("key", key);
        member.send("m.reaction", content);
    }

    @Override
    public void attach(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String mxc = member.upload(name, "text/plain", bytes);
        ObjectNode message = NODES.objectNode().put("msgtype", "m.file").put("body", name).put("filename", name)
                .put("url", mxc);
        message.putObject("info").put("mimetype", "text/plain").put("size", bytes.length);
        member.send("m.room.message", message);
    }

    @Override
    public void typing(boolean composing) {
        ObjectNode event = NODES.objectNode().put("type", "m.typing").put("room_id", member.roomId());
        var ids = event.putObject("content").putArray("user_ids");
        if (composing) {
            ids.add(member.userId());
        }
        member.pushEphemeral(event);
    }

    @Override
    public void markRead(String ref) {
        ObjectNode event = NODES.objectNode().put("type", "m.receipt").put("room_id", member.roomId());
        event.putObject("content").putObject(ref).putObject("m.read").putObject(member.userId())
                .put("ts", System.currentTimeMillis());
        member.pushEphemeral(event);
    }

    @Override
    public Joiner join(String name) {
        String server = member.userId().substring(member.userId().indexOf(':') + 1);
        String userId = "@" + name + ":" + server;
        member.joinOther(userId, name);
        return new Joiner() {
            private String displayName = name;
            private String avatar;

            @Override
            public void leave() {
                ObjectNode content = NODES.objectNode().put("membership", "leave");
                member.setState(userId, "m.room.member", userId, content, profile());
            }

            @Override
            public void rename(String newName) {
                ObjectNode before = profile();
                displayName = newName;
                member.setState(userId, "m.room.member", userId, profile(), before);
            }

            @Override
            public void changeAvatar() {
                ObjectNode before = profile();
                avatar = member.upload(name + ".png", "image/png", pngOf(name));
                member.setState(userId, "m.room.member", userId, profile(), before);
            }

            private ObjectNode profile() {
                ObjectNode p = NODES.objectNode().put("membership", "join").put("displayname", displayName);
                if (avatar != null) {
                    p.put("avatar_url", avatar);
                }
                return p;
            }
        };
    }

    /** A valid 1x1 PNG whose bytes differ per name (a text chunk), so each avatar is a new file. */
    private static byte[] pngOf(String name) {
        return java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    }

    // ---- observing ----

    private List<StoredEvent> events() {
        return member.received();
    }

    private Optional<StoredEvent> message(String text) {
        return events().stream().filter(e -> e.type().equals("m.room.message")
                && e.content().path("body").asText().contains(text)).findFirst();
    }

    @Override
    public Optional<String> received(String text) {
        return message(text).map(StoredEvent::eventId);
    }

    @Override
    public Optional<String> editIdOfReceived(String text) {
        return received(text);
    }

    @Override
    public boolean hasFormatted(String word) {
        return events().stream().anyMatch(e -> {
            String html = e.content().path("formatted_body").asText();
            return html.contains("<strong>" + word + "</strong>") || html.contains("<b>" + word + "</b>");
        });
    }

    @Override
    public boolean hasReply(String ref, String text) {
        return message(text).filter(e -> e.content().path("m.relates_to").path("m.in_reply_to").path("event_id")
                .asText().equals(ref)).isPresent();
    }

    @Override
    public boolean hasEdit(String editId, String newText) {
        return events().stream().anyMatch(e -> {
            JsonNode c = e.content();
            return c.path("m.relates_to").path("rel_type").asText().equals("m.replace")
                    && c.path("m.relates_to").path("event_id").asText().equals(editId)
                    && c.path("m.new_content").path("body").asText().contains(newText);
        });
    }

    @Override
    public boolean hasRetraction(String ref) {
        return events().stream().anyMatch(e -> e.type().equals("m.room.redaction")
                && e.content().path("redacts").asText().equals(ref));
    }

    @Override
    public boolean hasRetractionText(String text) {
        return message(text).isPresent();
    }

    @Override
    public boolean hasReaction(String ref, String key) {
        return events().stream().anyMatch(e -> e.type().equals("m.reaction")
                && e.content().path("m.relates_to").path("event_id").asText().equals(ref)
                && e.content().path("m.relates_to").path("key").asText().equals(key));
    }

    /** A file event whose media, uploaded to the homeserver, is the file. */
    @Override
    public boolean hasAttachment(String name) {
        StubHomeserver hs = member.homeserver();
        return events().stream().filter(e -> e.type().equals("m.room.message")
                && List.of("m.file", "m.image", "m.audio", "m.video").contains(e.content().path("msgtype").asText()))
                .map(e -> hs.media(e.content().path("url").asText()))
                .anyMatch(m -> m.isPresent() && new String(m.get().bytes(), StandardCharsets.UTF_8)
                        .contains("the content of " + name));
    }

    /** A text message with a link that serves the file. */
    @Override
    public boolean hasAttachmentLink(String name) {
        return events().stream().filter(e -> e.type().equals("m.room.message")
                && e.content().path("msgtype").asText().equals("m.text"))
                .anyMatch(e -> links.anyServes(e.content().path("body").asText(), "the content of " + name));
    }

    @Override
    public int typingCount() {
        StubHomeserver hs = member.homeserver();
        String room = Paths.segment(member.roomId());
        return hs.room(member.roomId()).orElseThrow().members().stream()
                .mapToInt(u -> hs.requestCount("/_matrix/client/v3/rooms/" + room + "/typing/" + Paths.segment(u)))
                .sum();
    }

    @Override
    public boolean hasReadMarker(String ref) {
        StubHomeserver hs = member.homeserver();
        return hs.room(member.roomId()).orElseThrow().members().stream().filter(u -> !u.equals(member.userId()))
                .anyMatch(u -> hs.receipt(member.roomId(), u, "m.read").filter(ref::equals).isPresent());
    }

    private List<StoredEvent> memberEvents(String name) {
        return events().stream().filter(e -> e.type().equals("m.room.member")
                && e.stateKey().toLowerCase().contains(name)).toList();
    }

    @Override
    public boolean hasJoin(String name) {
        return memberEvents(name).stream().anyMatch(e -> e.content().path("membership").asText().equals("join"));
    }

    @Override
    public boolean hasLeave(String name) {
        return memberEvents(name).stream().anyMatch(e -> e.content().path("membership").asText().equals("leave"));
    }

    @Override
    public boolean hasRename(String newName) {
        return events().stream().anyMatch(e -> e.type().equals("m.room.member")
                && e.content().path("displayname").asText().contains(newName))
                || member.homeserver().users().stream().anyMatch(u -> member.homeserver().profile(u)
                .getOrDefault("displayname", NODES.nullNode()).asText().contains(newName));
    }

    @Override
    public boolean hasAvatarChange(String name) {
        StubHomeserver hs = member.homeserver();
        return hs.users().stream().filter(u -> u.toLowerCase().contains(name))
                .anyMatch(u -> hs.profile(u).containsKey("avatar_url"))
                || memberEvents(name).stream().anyMatch(e -> e.content().hasNonNull("avatar_url"));
    }

    @Override
    public String describeRecent() {
        return member.describeRecent();
    }
}
