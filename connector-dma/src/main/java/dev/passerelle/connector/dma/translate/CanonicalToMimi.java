package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.EncryptedPartUri;
import dev.passerelle.connector.dma.content.Extensions;
import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MessageStatus;
import dev.passerelle.connector.dma.content.MessageStatusReport;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.content.NestedPart;
import dev.passerelle.connector.dma.content.PartSemantics;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.spi.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a canonical event into a MIMI content message sent by a ghost user into a MIMI room. Pure: the message map
 * ({@code messages}) and the salt source are injected.
 */
public final class CanonicalToMimi {

    static final String TEXT_PLAIN = "text/plain;charset=utf-8";
    static final String TEXT_HTML = "text/html;charset=utf-8";
    private static final int SHA_256 = MessageId.SHA_256;
    private static final byte[] NO_TOPIC = new byte[0];
    private static final byte[] NONE = new byte[0];

    private final Function<EventId, Optional<MessageId>> messages;
    private final Supplier<byte[]> salts;

    /**
     * @param messages the MIMI message id a canonical event maps to, if known
     * @param salts    fresh 16-byte salts (a secure random source in production)
     */
    public CanonicalToMimi(Function<EventId, Optional<MessageId>> messages, Supplier<byte[]> salts) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.salts = Objects.requireNonNull(salts, "salts");
    }

    /**
     * The MIMI message for {@code event}, from {@code sender} (a ghost) into {@code room}. A read marker becomes a status report (read) of the message it points at.
     *
     * @throws GatewayException with {@code UNSUPPORTED} for events MIMI content cannot carry (membership and role
     *                          changes belong to the room policy, not to content), or whose target has no MIMI
     *                          message id
     */
    /**
     * Whether MIMI content (or a status report) can carry {@code event}: a message, an edit, a retraction, a reaction
     * added or removed, a read marker. Anything else (a room's subject, a profile, a typing notice) has no MIMI form.
     */
    public static boolean carries(Event event) {
        return event instanceof MessageSent || event instanceof MessageEdited || event instanceof MessageRetracted
                || event instanceof ReactionAdded || event instanceof ReactionRemoved || event instanceof ReadMarker;
    }

    public Outbound translate(Event event, MimiRoomUri room, MimiUserUri sender) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(sender, "sender");
        Extensions ext = Extensions.of(sender.toUri(), room.toUri());
        if (event instanceof MessageSent m) {
            MessageContent c = m.content();
            return build(Optional.empty(), c.replyTo().flatMap(messages), ext, body(c));
        }
        if (event instanceof MessageEdited e) {
            MessageContent c = e.newContent();
            return build(Optional.of(target(e.target(), "edited")), c.replyTo().flatMap(messages), ext, body(c));
        }
        if (event instanceof MessageRetracted r) {
            return build(Optional.of(target(r.target(), "retracted")), Optional.empty(), ext,
                    new NestedPart.NullPart(NestedPart.RENDER, ""));
        }
        if (event instanceof ReactionAdded a) {
            return build(Optional.empty(), Optional.of(target(a.target(), "reacted-to")), ext,
                    new NestedPart.SinglePart(NestedPart.REACTION, "", TEXT_PLAIN,
                            a.key().getBytes(StandardCharsets.UTF_8)));
        }
        if (event instanceof ReactionRemoved r) {
            return build(Optional.of(target(r.reaction(), "withdrawn reaction")),
                    Optional.of(target(r.target(), "reacted-to")), ext,
                    new NestedPart.NullPart(NestedPart.REACTION, ""));
        }
        if (event instanceof ReadMarker r) {
            return status(target(r.upTo(), "read"), MessageStatus.READ, room, sender);
        }
        throw new GatewayException(GatewayException.Reason.UNSUPPORTED,
                "MIMI content cannot carry " + event.getClass().getSimpleName());
    }

    /**
     * A status report ({@code application/mimi-message-status}, not content) from {@code sender} in {@code room}
     * saying {@code message} has {@code status} (one of {@link MessageStatus}'s values).
     */
    public Outbound status(MessageId message, int status, MimiRoomUri room, MimiUserUri sender) {
        return Outbound.of(MessageStatusReport.of(message, status), sender.toUri(), room.toUri());
    }

    private MessageId target(EventId id, String what) {
        return messages.apply(id).orElseThrow(() -> new GatewayException(GatewayException.Reason.UNSUPPORTED,
                "the " + what + " message " + id + " has no MIMI message id"));
    }

    private Outbound build(Optional<MessageId> replaces, Optional<MessageId> inReplyTo, Extensions ext,
            NestedPart body) {
        byte[] salt = salts.get();
        return Outbound.of(new MimiContent(salt, replaces, NO_TOPIC, Optional.empty(), inReplyTo, ext, body));
    }

    // Text with HTML is one choose-one pair (plain first, so the simplest receiver shows it); attachments
    // follow it in a process-all multipart, each an external part.
    static NestedPart body(MessageContent c) {
        List<NestedPart> parts = new ArrayList<>();
        NestedPart plain = new NestedPart.SinglePart(NestedPart.RENDER, "", TEXT_PLAIN,
                c.text().getBytes(StandardCharsets.UTF_8));
        if (c.html().isPresent()) {
            NestedPart html = new NestedPart.SinglePart(NestedPart.RENDER, "", TEXT_HTML,
                    c.html().get().html().getBytes(StandardCharsets.UTF_8));
            parts.add(new NestedPart.MultiPart(NestedPart.RENDER, "", PartSemantics.CHOOSE_ONE, List.of(plain, html)));
        } else if (!c.text().isEmpty() || c.attachments().isEmpty()) {
            parts.add(plain);
        }
        for (Attachment a : c.attachments()) {
            parts.add(external(a));
        }
        return parts.size() == 1 ? parts.get(0)
                : new NestedPart.MultiPart(NestedPart.RENDER, "", PartSemantics.PROCESS_ALL, parts);
    }

    private static NestedPart.ExternalPart external(Attachment a) {
        if (EncryptedPartUri.SCHEME.equalsIgnoreCase(a.uri().getScheme())) {
            // A MIMI part relayed to MIMI again: its original encrypted form.
            EncryptedPartUri e = EncryptedPartUri.parse(a.uri());
            return new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", a.mediaType(), e.url(), 0, e.size(),
                    EncryptedPartUri.AES_128_GCM, e.key(), e.nonce(), e.aad(), e.sha256().length == 0 ? 0 : SHA_256,
                    e.sha256(), "", a.name().orElse(""));
        }
        byte[] hash = a.sha256().map(CanonicalToMimi::sha256).orElse(NONE);
        return new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", a.mediaType(), a.uri().toString(), 0,
                a.size().orElse(0), 0, NONE, NONE, NONE, hash.length == 0 ? 0 : SHA_256, hash, "",
                a.name().orElse(""));
    }

    // An attachment hash that is not 32 bytes of hex is left out rather than sent wrong.
    private static byte[] sha256(String hex) {
        try {
            byte[] b = HexFormat.of().parseHex(hex);
            return b.length == 32 ? b : NONE;
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }
}
