package dev.passerelle.core.json;

import static dev.passerelle.core.json.V1Names.*;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes format version 1. Field order is fixed (version, type, header, then the type's fields in record
 * order) and empty optional fields are left out, so one event has exactly one encoding.
 */
final class V1Writer {
    private V1Writer() {
    }

    static void write(Event event, JsonGenerator g) throws IOException {
        g.writeStartObject();
        if (event instanceof MessageSent e) {
            header(g, MESSAGE_SENT, e);
            content(g, "content", e.content());
        } else if (event instanceof MessageEdited e) {
            header(g, MESSAGE_EDITED, e);
            g.writeStringField("target", e.target().toString());
            content(g, "newContent", e.newContent());
        } else if (event instanceof MessageRetracted e) {
            header(g, MESSAGE_RETRACTED, e);
            g.writeStringField("target", e.target().toString());
            optional(g, "reason", e.reason());
        } else if (event instanceof ReactionAdded e) {
            header(g, REACTION_ADDED, e);
            g.writeStringField("target", e.target().toString());
            g.writeStringField("key", e.key());
        } else if (event instanceof ReactionRemoved e) {
            header(g, REACTION_REMOVED, e);
            g.writeStringField("target", e.target().toString());
            g.writeStringField("reaction", e.reaction().toString());
            g.writeStringField("key", e.key());
        } else if (event instanceof ChatStateChanged e) {
            header(g, CHAT_STATE, e);
            g.writeStringField("state", CHAT_STATES.name(e.state()));
        } else if (event instanceof ReadMarker e) {
            header(g, READ_MARKER, e);
            g.writeStringField("upTo", e.upTo().toString());
        } else if (event instanceof PresenceChanged e) {
            header(g, PRESENCE, e);
            g.writeStringField("availability", AVAILABILITIES.name(e.availability()));
            optional(g, "status", e.status());
        } else if (event instanceof MembershipChanged e) {
            header(g, MEMBERSHIP, e);
            g.writeStringField("member", e.member().toUri());
            g.writeStringField("membership", MEMBERSHIPS.name(e.membership()));
            optional(g, "reason", e.reason());
        } else if (event instanceof RoleChanged e) {
            header(g, ROLE, e);
            g.writeStringField("member", e.member().toUri());
            g.writeStringField("role", ROLES.name(e.role()));
        } else if (event instanceof ProfileChanged e) {
            header(g, PROFILE, e);
            optional(g, "displayName", e.displayName());
            optional(g, "avatar", e.avatar().map(URI::toString));
        } else if (event instanceof RoomMetadataChanged e) {
            header(g, ROOM_METADATA, e);
            optional(g, "name", e.name());
            optional(g, "topic", e.topic());
            optional(g, "avatar", e.avatar().map(URI::toString));
        } else {
            // Unreachable while Event is sealed; a new permitted type must be added above and to V1Reader.
            throw new IllegalStateException("no JSON form for " + event.getClass().getName());
        }
        g.writeEndObject();
    }

    private static void header(JsonGenerator g, String type, Event e) throws IOException {
        g.writeNumberField("v", VERSION);
        g.writeStringField("type", type);
        g.writeStringField("id", e.id().toString());
        g.writeObjectFieldStart("origin");
        g.writeStringField("network", e.origin().network().id());
        g.writeStringField("id", e.origin().nativeId().value());
        g.writeEndObject();
        g.writeStringField("sender", e.sender().toUri());
        g.writeStringField("conversation", e.conversation().toUri());
        // Instant.toString is ISO-8601 in UTC with as many fraction digits as needed: nanoseconds survive.
        g.writeStringField("ts", e.timestamp().toString());
    }

    private static void content(JsonGenerator g, String field, MessageContent content) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("text", content.text());
        if (content.html().isPresent()) {
            g.writeStringField("html", content.html().get().html());
        }
        if (!content.attachments().isEmpty()) {
            g.writeArrayFieldStart("attachments");
            for (Attachment attachment : content.attachments()) {
                attachment(g, attachment);
            }
            g.writeEndArray();
        }
        if (content.replyTo().isPresent()) {
            g.writeStringField("replyTo", content.replyTo().get().toString());
        }
        g.writeEndObject();
    }

    private static void attachment(JsonGenerator g, Attachment a) throws IOException {
        g.writeStartObject();
        g.writeStringField("uri", a.uri().toString());
        g.writeStringField("mediaType", a.mediaType());
        optional(g, "size", a.size());
        optional(g, "name", a.name());
        optional(g, "width", a.width());
        optional(g, "height", a.height());
        optional(g, "sha256", a.sha256());
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, value.get());
        }
    }

    private static void optional(JsonGenerator g, String field, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(field, value.getAsLong());
        }
    }

    private static void optional(JsonGenerator g, String field, OptionalInt value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(field, value.getAsInt());
        }
    }
}
