package dev.passerelle.core.json;

import static dev.passerelle.core.json.V1Names.*;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads format version 1. Unknown fields are ignored, so a later release may add optional fields to
 * version 1 without breaking this reader; anything missing, mistyped or invalid is an
 * {@link EventJsonException} naming its path.
 */
final class V1Reader {
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Map<String, Function<JsonFields, Event>> TYPES = Map.ofEntries(
            Map.entry(MESSAGE_SENT, V1Reader::messageSent),
            Map.entry(MESSAGE_EDITED, V1Reader::messageEdited),
            Map.entry(MESSAGE_RETRACTED, V1Reader::messageRetracted),
            Map.entry(REACTION_ADDED, V1Reader::reactionAdded),
            Map.entry(REACTION_REMOVED, V1Reader::reactionRemoved),
            Map.entry(CHAT_STATE, V1Reader::chatState),
            Map.entry(READ_MARKER, V1Reader::readMarker),
            Map.entry(PRESENCE, V1Reader::presence),
            Map.entry(MEMBERSHIP, V1Reader::membership),
            Map.entry(ROLE, V1Reader::role),
            Map.entry(PROFILE, V1Reader::profile),
            Map.entry(ROOM_METADATA, V1Reader::roomMetadata));

    private V1Reader() {
    }

    /** The event types this reader knows; equal to {@link V1Names#TYPES}, which a test checks. */
    static Set<String> types() {
        return TYPES.keySet();
    }

    static Event read(JsonFields root) {
        String type = root.text("type");
        Function<JsonFields, Event> decoder = TYPES.get(type);
        if (decoder == null) {
            throw root.error("type", "unknown event type '" + type + "' (format version " + VERSION
                    + " has " + String.join(", ", V1Names.TYPES) + ")");
        }
        return decoder.apply(root);
    }

    /** The fields every event carries. */
    private record Header(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp) {
    }

    private static Header header(JsonFields f) {
        JsonFields origin = f.object("origin");
        Network network = origin.parsed("network", "a network (xmpp, matrix or mimi)", Network::fromId);
        NativeId nativeId = origin.parsed("id", "a non-empty native id", NativeId::new);
        return new Header(
                eventId(f, "id"),
                new Origin(network, nativeId),
                address(f, "sender"),
                address(f, "conversation"),
                f.parsed("ts", "an ISO-8601 instant such as 2024-05-01T10:15:30.123456789Z", Instant::parse));
    }

    private static Event messageSent(JsonFields f) {
        Header h = header(f);
        MessageContent content = content(f.object("content"));
        return f.build(() -> new MessageSent(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                content));
    }

    private static Event messageEdited(JsonFields f) {
        Header h = header(f);
        EventId target = eventId(f, "target");
        MessageContent content = content(f.object("newContent"));
        return f.build(() -> new MessageEdited(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                target, content));
    }

    private static Event messageRetracted(JsonFields f) {
        Header h = header(f);
        EventId target = eventId(f, "target");
        Optional<String> reason = f.optionalText("reason");
        return f.build(() -> new MessageRetracted(h.id(), h.origin(), h.sender(), h.conversation(),
                h.timestamp(), target, reason));
    }

    private static Event reactionAdded(JsonFields f) {
        Header h = header(f);
        EventId target = eventId(f, "target");
        String key = f.text("key");
        return f.build(() -> new ReactionAdded(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                target, key));
    }

    private static Event reactionRemoved(JsonFields f) {
        Header h = header(f);
        EventId target = eventId(f, "target");
        EventId reaction = eventId(f, "reaction");
        String key = f.text("key");
        return f.build(() -> new ReactionRemoved(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                target, reaction, key));
    }

    private static Event chatState(JsonFields f) {
        Header h = header(f);
        ChatStateChanged.State state = oneOf(f, "state", CHAT_STATES);
        return f.build(() -> new ChatStateChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                state));
    }

    private static Event readMarker(JsonFields f) {
        Header h = header(f);
        EventId upTo = eventId(f, "upTo");
        return f.build(() -> new ReadMarker(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                upTo));
    }

    private static Event presence(JsonFields f) {
        Header h = header(f);
        PresenceChanged.Availability availability = oneOf(f, "availability", AVAILABILITIES);
        Optional<String> status = f.optionalText("status");
        return f.build(() -> new PresenceChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                availability, status));
    }

    private static Event membership(JsonFields f) {
        Header h = header(f);
        Address member = address(f, "member");
        MembershipChanged.Membership membership = oneOf(f, "membership", MEMBERSHIPS);
        Optional<String> reason = f.optionalText("reason");
        return f.build(() -> new MembershipChanged(h.id(), h.origin(), h.sender(), h.conversation(),
                h.timestamp(), member, membership, reason));
    }

    private static Event role(JsonFields f) {
        Header h = header(f);
        Address member = address(f, "member");
        Role role = oneOf(f, "role", ROLES);
        return f.build(() -> new RoleChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                member, role));
    }

    private static Event profile(JsonFields f) {
        Header h = header(f);
        Optional<String> displayName = f.optionalText("displayName");
        Optional<URI> avatar = f.optionalParsed("avatar", "a URI", URI::create);
        return f.build(() -> new ProfileChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                displayName, avatar));
    }

    private static Event roomMetadata(JsonFields f) {
        Header h = header(f);
        Optional<String> name = f.optionalText("name");
        Optional<String> topic = f.optionalText("topic");
        Optional<URI> avatar = f.optionalParsed("avatar", "a URI", URI::create);
        return f.build(() -> new RoomMetadataChanged(h.id(), h.origin(), h.sender(), h.conversation(),
                h.timestamp(), name, topic, avatar));
    }

    private static MessageContent content(JsonFields f) {
        String text = f.text("text");
        // Stored HTML was sanitised when the event was made; sanitising again is a no-op for it (the sanitiser is
        // idempotent) and keeps a tampered or hand-written document from smuggling markup past the allowlist.
        Optional<SafeHtml> html = f.optionalText("html").map(HtmlSanitizer::sanitize);
        List<Attachment> attachments = f.objects("attachments").stream().map(V1Reader::attachment).toList();
        Optional<EventId> replyTo = f.optionalParsed("replyTo", "an event id (a UUID)", V1Reader::parseEventId);
        return f.build(() -> new MessageContent(text, html, attachments, replyTo));
    }

    private static Attachment attachment(JsonFields f) {
        URI uri = f.parsed("uri", "a URI", URI::create);
        String mediaType = f.text("mediaType");
        var size = f.optionalLong("size");
        var name = f.optionalText("name");
        var width = f.optionalInt("width");
        var height = f.optionalInt("height");
        var sha256 = f.optionalText("sha256");
        return f.build(() -> new Attachment(uri, mediaType, size, name, width, height, sha256));
    }

    private static EventId eventId(JsonFields f, String name) {
        return f.parsed(name, "an event id (a UUID)", V1Reader::parseEventId);
    }

    private static EventId parseEventId(String text) {
        // UUID.fromString also takes abbreviated forms such as "1-2-3-4-5"; only the canonical form is stored.
        if (!UUID_FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("not in the 8-4-4-4-12 hex form");
        }
        return EventId.parse(text);
    }

    private static Address address(JsonFields f, String name) {
        return f.parsed(name, "an address URI (xmpp:, matrix: or mimi://)", Addresses::parse);
    }

    private static <E extends Enum<E>> E oneOf(JsonFields f, String name, WireEnum<E> names) {
        String text = f.text(name);
        return names.value(text).orElseThrow(
                () -> f.error(name, "unknown value '" + text + "' (expected one of " + names.choices() + ")"));
    }
}
