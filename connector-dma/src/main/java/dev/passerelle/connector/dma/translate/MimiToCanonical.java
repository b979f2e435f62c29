package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MessageStatus;
import dev.passerelle.connector.dma.content.MessageStatusReport;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.content.NestedPart;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a received MIMI content message into a canonical event: a message, reply, edit, delete, reaction or
 * unlike. Pure: the message map ({@code messages}), the reaction keys already known and the event id source are
 * injected.
 */
public final class MimiToCanonical {

    private final Function<MessageId, Optional<EventId>> messages;
    private final Function<EventId, Optional<String>> reactionKeys;
    private final Supplier<EventId> ids;

    /**
     * @param messages     the canonical event a MIMI message id maps to, if known
     * @param reactionKeys the key of an earlier reaction event (needed for an unlike, whose body is empty)
     * @param ids          ids for the new canonical events
     */
    public MimiToCanonical(Function<MessageId, Optional<EventId>> messages,
            Function<EventId, Optional<String>> reactionKeys, Supplier<EventId> ids) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.reactionKeys = Objects.requireNonNull(reactionKeys, "reactionKeys");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * Translates {@code content}, decoded from {@code received}; the message id is hashed over {@code received}
     * exactly as it came.
     */
    public InboundResult translate(byte[] received, MimiContent content, Instant timestamp) {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(timestamp, "timestamp");
        Optional<String> senderText = content.extensions().senderUri();
        Optional<String> roomText = content.extensions().roomUri();
        if (senderText.isEmpty()) {
            return refused("sender URI extension (1) is missing");
        }
        if (roomText.isEmpty()) {
            return refused("room URI extension (2) is missing");
        }
        Optional<Address> sender = parse(senderText.get(), MimiUserUri.class);
        if (sender.isEmpty()) {
            return refused("sender URI '" + senderText.get() + "' is not a MIMI user URI");
        }
        Optional<Address> room = parse(roomText.get(), MimiRoomUri.class);
        if (room.isEmpty()) {
            return refused("room URI '" + roomText.get() + "' is not a MIMI room URI");
        }
        MessageId id = MessageId.compute(received, content.salt(), senderText.get(), roomText.get());
        Header h = new Header(ids.get(), new Origin(Network.MIMI, new NativeId(id.hex())), sender.get(), room.get(),
                timestamp);
        if (content.expires().isPresent()) {
            Optional<String> expired = Expiry.refusal(content.expires().get(), timestamp);
            if (expired.isPresent()) {
                return refused(expired.get());
            }
        }
        NestedPart body = content.body();
        if (body.disposition() == NestedPart.REACTION) {
            return reaction(h, content, body);
        }
        if (content.replaces().isPresent()) {
            return replacement(h, content, body);
        }
        BodyReader.Body read = noted(BodyReader.read(body), content);
        if (read.isEmpty()) {
            return refused("the message has no text, HTML or attachment a canonical message can carry");
        }
        Optional<EventId> replyTo = content.inReplyTo().flatMap(messages);
        boolean unresolved = content.inReplyTo().isPresent() && replyTo.isEmpty();
        return new InboundResult.Translated(new MessageSent(h.id, h.origin, h.sender, h.room, h.timestamp,
                content(read, replyTo)), unresolved, read.encrypted());
    }

    private InboundResult replacement(Header h, MimiContent content, NestedPart body) {
        MessageId replaced = content.replaces().get();
        Optional<EventId> target = messages.apply(replaced);
        if (target.isEmpty()) {
            return refused("the replaced message " + replaced.hex() + " is unknown");
        }
        if (body instanceof NestedPart.NullPart) {
            return new InboundResult.Translated(new MessageRetracted(h.id, h.origin, h.sender, h.room, h.timestamp,
                    target.get(), Optional.empty()), false, List.of());
        }
        BodyReader.Body read = noted(BodyReader.read(body), content);
        if (read.isEmpty()) {
            return refused("the edit of " + replaced.hex() + " has no content a canonical message can carry");
        }
        // An edit keeps the reply of the original; the canonical edit carries only the new content.
        Optional<EventId> replyTo = content.inReplyTo().flatMap(messages);
        return new InboundResult.Translated(new MessageEdited(h.id, h.origin, h.sender, h.room, h.timestamp,
                target.get(), content(read, replyTo)), false, read.encrypted());
    }

    private InboundResult reaction(Header h, MimiContent content, NestedPart body) {
        if (content.inReplyTo().isEmpty()) {
            return refused("a reaction without inReplyTo has no message to react to");
        }
        MessageId reacted = content.inReplyTo().get();
        Optional<EventId> target = messages.apply(reacted);
        if (target.isEmpty()) {
            return refused("the message " + reacted.hex() + " reacted to is unknown");
        }
        if (body instanceof NestedPart.NullPart) {
            if (content.replaces().isEmpty()) {
                return refused("an empty reaction that replaces nothing withdraws nothing");
            }
            MessageId withdrawn = content.replaces().get();
            Optional<EventId> reaction = messages.apply(withdrawn);
            if (reaction.isEmpty()) {
                return refused("the withdrawn reaction " + withdrawn.hex() + " is unknown");
            }
            Optional<String> key = reactionKeys.apply(reaction.get());
            if (key.isEmpty()) {
                return refused("the key of the withdrawn reaction " + withdrawn.hex() + " is unknown");
            }
            return new InboundResult.Translated(new ReactionRemoved(h.id, h.origin, h.sender, h.room, h.timestamp,
                    target.get(), reaction.get(), key.get()), false, List.of());
        }
        if (!(body instanceof NestedPart.SinglePart s)
                || !BodyReader.mediaType(s.contentType()).equals("text/plain")) {
            return refused("a reaction must be one text/plain part");
        }
        String key = new String(s.content(), StandardCharsets.UTF_8).strip();
        if (key.isEmpty()) {
            return refused("a reaction with blank text has no key");
        }
        return new InboundResult.Translated(new ReactionAdded(h.id, h.origin, h.sender, h.room, h.timestamp,
                target.get(), key), false, List.of());
    }

    /**
     * Translates a status report ({@code application/mimi-message-status}) that {@code senderUri}, the MLS sender,
     * sent in {@code roomUri}: the last entry with the status read whose message is known becomes a read marker up to
     * that message; the other statuses (delivered, unread, expired, deleted, hidden, error) have no canonical event.
     * The origin id is the message id formula over the report's bytes with an empty salt (a report has none), so
     * the same report from the same member is the same event.
     */
    public InboundResult translateStatus(byte[] received, MessageStatusReport report, String senderUri,
            String roomUri, Instant timestamp) {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(timestamp, "timestamp");
        Optional<Address> sender = parse(senderUri, MimiUserUri.class);
        if (sender.isEmpty()) {
            return refused("status sender '" + senderUri + "' is not a MIMI user URI");
        }
        Optional<Address> room = parse(roomUri, MimiRoomUri.class);
        if (room.isEmpty()) {
            return refused("status room '" + roomUri + "' is not a MIMI room URI");
        }
        Optional<EventId> upTo = Optional.empty();
        for (MessageStatus s : report.statuses()) {
            Optional<EventId> known = s.status() == MessageStatus.READ ? messages.apply(s.messageId())
                    : Optional.empty();
            if (known.isPresent()) {
                upTo = known;
            }
        }
        if (upTo.isEmpty()) {
            return refused("the status report holds no read status of a known message");
        }
        MessageId id = MessageId.compute(received, new byte[0], senderUri, roomUri);
        return new InboundResult.Translated(new ReadMarker(ids.get(), new Origin(Network.MIMI, new NativeId(id.hex())),
                sender.get(), room.get(), timestamp, upTo.get()), false, List.of());
    }

    private static BodyReader.Body noted(BodyReader.Body read, MimiContent content) {
        return content.expires().isPresent() && !read.isEmpty() ? Expiry.withNote(read, content.expires().get())
                : read;
    }

    private static MessageContent content(BodyReader.Body read, Optional<EventId> replyTo) {
        return new MessageContent(read.text(), read.html(), read.attachments(), replyTo);
    }

    private static Optional<Address> parse(String uri, Class<? extends Address> type) {
        try {
            Address a = Addresses.parse(uri);
            return type.isInstance(a) ? Optional.of(a) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static InboundResult refused(String reason) {
        return new InboundResult.Refused(reason);
    }

    private record Header(EventId id, Origin origin, Address sender, Address room, Instant timestamp) {
    }
}
