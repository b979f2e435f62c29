package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Translates Matrix client events (as pushed in an appservice transaction) into canonical events. Pure apart
 * from {@link EventRefs} lookups, which may block: call it on a worker thread. Never throws for bad input: a
 * malformed, unknown or unbridged event comes back as {@link InboundResult.Ignored}.
 */
public final class MatrixToCanonical {
    private static final String REPLACE = "m.replace";

    private final EventRefs refs;
    private final Clock clock;
    private final Supplier<EventId> ids;

    public MatrixToCanonical(EventRefs refs, Clock clock) {
        this(refs, clock, EventId::random);
    }

    /** With a given source of canonical ids, so tests can predict them. */
    public MatrixToCanonical(EventRefs refs, Clock clock, Supplier<EventId> ids) {
        if (refs == null || clock == null || ids == null) {
            throw new IllegalArgumentException("refs, clock and ids must not be null");
        }
        this.refs = refs;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Translates a room event (timeline or state). Bridged: {@code m.room.message}, {@code m.reaction},
     * {@code m.room.redaction}, {@code m.room.member}, {@code m.room.power_levels} (one RoleChanged per member
     * whose role changed against {@code unsigned.prev_content}), {@code m.room.name}, {@code m.room.topic},
     * {@code m.room.avatar}. Anything else is ignored as an unsupported type.
     */
    public InboundResult translate(ObjectNode clientEvent) {
        if (clientEvent == null) {
            return new InboundResult.Ignored(InboundResult.Reason.MALFORMED, "", "no event");
        }
        try {
            Fields event = Fields.root(clientEvent);
            String type = event.string("type");
            if (event.has("state_key")) {
                return StateReader.read(event, type, ids);
            }
            switch (type) {
                case "m.room.message":
                    return message(event);
                case "m.reaction":
                    return reaction(event);
                case "m.room.redaction":
                    return redaction(event);
                default:
                    return new InboundResult.Ignored(InboundResult.Reason.UNSUPPORTED_TYPE, "type",
                            type + " is not bridged");
            }
        } catch (Malformed e) {
            return e.toIgnored();
        }
    }

    /**
     * Translates an ephemeral event: {@code m.receipt} (one ReadMarker per user and known event; {@code m.read}
     * only), {@code m.presence}, and {@code m.typing}, read statelessly: a COMPOSING for every listed user and
     * nothing for users who stopped (use {@link #typing} to get those too).
     *
     * <p>Ephemeral events have no event id. Their native ids are synthetic and never start with {@code $}, so they
     * cannot clash with a real one: {@code ~<type>/<room or user>/<user>/<epoch millis>}, e.g.
     * {@code ~m.typing/!room:hs/@alice:hs/1700000000000}. They are unique as long as one user does not change
     * the same state twice in one millisecond.
     */
    public InboundResult ephemeral(ObjectNode ephemeralEvent) {
        if (ephemeralEvent == null) {
            return new InboundResult.Ignored(InboundResult.Reason.MALFORMED, "", "no event");
        }
        try {
            Fields event = Fields.root(ephemeralEvent);
            String type = event.string("type");
            EphemeralReader reader = new EphemeralReader(refs, clock, ids);
            switch (type) {
                case "m.typing":
                    return reader.typing(event, Set.of()).result();
                case "m.receipt":
                    return reader.receipt(event);
                case "m.presence":
                    return reader.presence(event);
                default:
                    return new InboundResult.Ignored(InboundResult.Reason.UNSUPPORTED_TYPE, "type",
                            type + " is not bridged");
            }
        } catch (Malformed e) {
            return e.toIgnored();
        }
    }

    /**
     * Translates an {@code m.typing} event against the users who were typing in that room before: COMPOSING for
     * those who started, PAUSED for those who stopped. The caller keeps {@link TypingUpdate#typing()} for the
     * next call; translation itself stays stateless.
     */
    public TypingUpdate typing(ObjectNode typingEvent, Set<MatrixUserId> typingBefore) {
        if (typingBefore == null) {
            throw new IllegalArgumentException("typingBefore must not be null (use Set.of())");
        }
        if (typingEvent == null) {
            return new TypingUpdate(typingBefore,
                    new InboundResult.Ignored(InboundResult.Reason.MALFORMED, "", "no event"));
        }
        try {
            Fields event = Fields.root(typingEvent);
            String type = event.string("type");
            if (!type.equals("m.typing")) {
                throw new Malformed("type", "must be m.typing, was " + type);
            }
            return new EphemeralReader(refs, clock, ids).typing(event, typingBefore);
        } catch (Malformed e) {
            return new TypingUpdate(typingBefore, e.toIgnored());
        }
    }

    private InboundResult message(Fields event) {
        Header h = Header.read(event, ids.get());
        Fields content = event.object("content");
        Optional<Fields> relates = content.optionalObject("m.relates_to");
        if (relates.isPresent() && relates.get().optionalString("rel_type").filter(REPLACE::equals).isPresent()) {
            String targetId = relates.get().string("event_id");
            Fields newContent = content.object("m.new_content");
            Target target = refs.target(targetId).orElseThrow(() -> unknown(relates.get().path("event_id"),
                    "edited event " + targetId));
            if (target instanceof Target.Reaction) {
                throw new Malformed(InboundResult.Reason.NOT_BRIDGED, relates.get().path("event_id"),
                        "an edit of a reaction");
            }
            MessageContent c = MessageReader.read(newContent, Optional.empty(), false);
            return InboundResult.Translated.of(new MessageEdited(h.id(), h.origin(), h.sender(), h.room(),
                    h.timestamp(), target.id(), c));
        }
        Optional<EventId> replyTo = Optional.empty();
        boolean isReply = false;
        if (relates.isPresent()) {
            Optional<Fields> inReplyTo = relates.get().optionalObject("m.in_reply_to");
            if (inReplyTo.isPresent()) {
                isReply = true;
                // A reply to an event the gateway never saw still carries its text: it becomes a plain message.
                replyTo = refs.canonical(inReplyTo.get().string("event_id"));
            }
        }
        MessageContent c = MessageReader.read(content, replyTo, isReply);
        return InboundResult.Translated.of(new MessageSent(h.id(), h.origin(), h.sender(), h.room(), h.timestamp(), c));
    }

    private InboundResult reaction(Fields event) {
        Header h = Header.read(event, ids.get());
        Fields relates = event.object("content").object("m.relates_to");
        String relType = relates.string("rel_type");
        if (!relType.equals("m.annotation")) {
            throw new Malformed(relates.path("rel_type"), "must be m.annotation, was " + relType);
        }
        String targetId = relates.string("event_id");
        String key = relates.string("key");
        if (key.isEmpty()) {
            throw new Malformed(relates.path("key"), "must not be empty");
        }
        Target target = refs.target(targetId).orElseThrow(() -> unknown(relates.path("event_id"),
                "reacted-to event " + targetId));
        if (target instanceof Target.Reaction) {
            throw new Malformed(InboundResult.Reason.NOT_BRIDGED, relates.path("event_id"), "a reaction to a reaction");
        }
        return InboundResult.Translated.of(new ReactionAdded(h.id(), h.origin(), h.sender(), h.room(), h.timestamp(),
                target.id(), key));
    }

    private InboundResult redaction(Fields event) {
        Header h = Header.read(event, ids.get());
        Fields content = event.object("content");
        // Room version 11 moved redacts into content; older rooms have it at the top level.
        String path = content.has("redacts") ? content.path("redacts") : "redacts";
        String redacts = content.optionalString("redacts").orElseGet(() -> event.string("redacts"));
        Optional<String> reason = content.optionalString("reason");
        Target target = refs.target(redacts).orElseThrow(() -> unknown(path, "redacted event " + redacts));
        if (target instanceof Target.Reaction) {
            Target.Reaction r = (Target.Reaction) target;
            return InboundResult.Translated.of(new ReactionRemoved(h.id(), h.origin(), h.sender(), h.room(),
                    h.timestamp(), r.reactedTo(), r.id(), r.key()));
        }
        return InboundResult.Translated.of(new MessageRetracted(h.id(), h.origin(), h.sender(), h.room(), h.timestamp(),
                target.id(), reason));
    }

    private static Malformed unknown(String path, String what) {
        return new Malformed(InboundResult.Reason.TARGET_UNKNOWN, path, what + " is not in the message map");
    }
}
