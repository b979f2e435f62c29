package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.connector.xmpp.stanza.FallbackElement;
import dev.passerelle.connector.xmpp.stanza.OobElement;
import dev.passerelle.connector.xmpp.stanza.ReactionsElement;
import dev.passerelle.connector.xmpp.stanza.ReplyElement;
import dev.passerelle.connector.xmpp.stanza.RetractElement;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.spi.GatewayException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.chat_markers.element.ChatMarkersElements;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.hints.element.NoStoreHint;
import org.jivesoftware.smackx.hints.element.StoreHint;
import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * Renders canonical events as the stanzas a gateway ghost sends to XMPP. Pure apart from {@link StanzaRefs} lookups,
 * which may block: call it on a worker thread. Formatted text goes out as XEP-0393 styling in the body, never as
 * XHTML-IM (deprecated by the XSF and dropped by current clients); everything that has no XMPP form is refused with
 * {@link GatewayException.Reason#UNSUPPORTED}, and a reference to a message XMPP never saw with
 * {@link GatewayException.Reason#NOT_FOUND}.
 */
public final class CanonicalToXmpp {
    /** The body of a retraction, for clients without XEP-0424. */
    static final String RETRACTION_FALLBACK = "(This message was deleted by its author. Your client does not support "
            + "message retraction, so the earlier message may still be shown.)";
    /** A reply's quote of the message it answers is cut after this many characters. */
    static final int MAX_QUOTE_CHARS = 200;
    /** XML NMTOKEN characters, what the schemas allow in a stanza's id attribute. */
    private static final Pattern NMTOKEN = Pattern.compile("[\\p{L}\\p{N}._:\\-]+");

    private final StanzaRefs refs;
    private final Function<Attachment, URI> publicUrl;

    /**
     * @param publicUrl where XMPP users can fetch an attachment: the media service's signed URL for it
     */
    public CanonicalToXmpp(StanzaRefs refs, Function<Attachment, URI> publicUrl) {
        if (refs == null || publicUrl == null) {
            throw new IllegalArgumentException("refs and publicUrl must not be null");
        }
        this.refs = refs;
        this.publicUrl = publicUrl;
    }

    /**
     * The stanzas that carry {@code event} from ghost {@code from} to {@code to} (a room's bare JID with type
     * groupchat, a user with type chat). {@code originId} is the delivery's idempotency key in NMTOKEN form: it is
     * the message id and the XEP-0359 origin-id of the first stanza, and a message with several attachments sends
     * one more stanza per attachment with id {@code originId-1}, {@code originId-2}, ... References to other messages
     * are looked up in the conversation {@code to.bare()}.
     *
     * @throws GatewayException UNSUPPORTED for events with no XMPP form here (membership, roles, room metadata: the
     *     room packages handle those), NOT_FOUND when an edit, retraction, reaction or read marker refers to a message
     *     that never reached this conversation, INVALID when a JID is not valid for XMPP
     */
    public List<Stanza> render(Event event, Jid from, Jid to, Message.Type type, String originId) {
        if (event == null || from == null || to == null || type == null) {
            throw new IllegalArgumentException("event, from, to and type must not be null");
        }
        if (originId == null || !NMTOKEN.matcher(originId).matches()) {
            throw new IllegalArgumentException("originId must be a non-empty XML NMTOKEN, was " + originId);
        }
        Stanzas out = new Stanzas(jid(from), jid(to), type, originId);
        Address conversation = to.bare();
        if (event instanceof MessageSent m) {
            return message(out, m.content(), conversation);
        } else if (event instanceof MessageEdited e) {
            // XEP-0308 quotes the original's own id (in a room not the stanza-id the others use).
            String original = refs.messageId(e.target(), conversation).orElseThrow(() -> new GatewayException(
                    GatewayException.Reason.NOT_FOUND, "the edited message (" + e.target() + ") never reached "
                    + conversation.toUri()));
            MessageBuilder b = out.message(originId);
            Body body = body(e.newContent());
            b.setBody(withUrls(body.text(), e.newContent().attachments()));
            b.addExtension(new MessageCorrectExtension(original));
            body.hints(b);
            return List.of(out.finish(b, originId));
        } else if (event instanceof MessageRetracted r) {
            String target = xmppId(r.target(), conversation, "retracted message");
            MessageBuilder b = out.message(originId).setBody(RETRACTION_FALLBACK);
            b.addExtension(new RetractElement(target));
            b.addExtension(new FallbackElement(Optional.of(RetractElement.NAMESPACE), List.of(), List.of()));
            b.addExtension(StoreHint.INSTANCE);
            return List.of(out.finish(b, originId));
        } else if (event instanceof ReactionAdded a) {
            return reactions(out, a.target(), a.sender(), a.key(), true, conversation);
        } else if (event instanceof ReactionRemoved r) {
            return reactions(out, r.target(), r.sender(), r.key(), false, conversation);
        } else if (event instanceof ChatStateChanged c) {
            MessageBuilder b = out.message(originId);
            b.addExtension(new ChatStateExtension(chatState(c.state())));
            b.addExtension(NoStoreHint.INSTANCE);
            return List.of(out.finish(b, originId));
        } else if (event instanceof ReadMarker r) {
            String upTo = xmppId(r.upTo(), conversation, "message read");
            MessageBuilder b = out.message(originId);
            b.addExtension(new ChatMarkersElements.DisplayedExtension(upTo));
            return List.of(out.finish(b, originId));
        } else if (event instanceof PresenceChanged p) {
            return List.of(presence(out, p));
        } else if (event instanceof ProfileChanged p) {
            return List.of(profile(out, p));
        }
        throw new GatewayException(GatewayException.Reason.UNSUPPORTED,
                event.getClass().getSimpleName() + " has no message or presence form in XMPP");
    }

    private List<Stanza> message(Stanzas out, MessageContent content, Address conversation) {
        List<Stanza> stanzas = new ArrayList<>();
        Body body = body(content);
        List<Attachment> attachments = content.attachments();
        if (!body.text().isEmpty() || attachments.isEmpty()) {
            MessageBuilder b = out.message(out.originId);
            Optional<String> replyId = content.replyTo().flatMap(id -> refs.xmppId(id, conversation));
            Optional<String> quote = replyId.flatMap(id -> content.replyTo().flatMap(refs::text))
                    .filter(t -> !t.isBlank()).map(Quotes::quote);
            String text = quote.map(q -> q + body.text()).orElse(body.text());
            b.setBody(text);
            replyId.ifPresent(id -> b.addExtension(new ReplyElement(Optional.empty(), id)));
            quote.ifPresent(q -> b.addExtension(FallbackElement.bodyFor(ReplyElement.NAMESPACE, 0,
                    q.codePointCount(0, q.length()))));
            body.hints(b);
            stanzas.add(out.finish(b, out.originId));
        }
        for (Attachment attachment : attachments) {
            String id = stanzas.isEmpty() ? out.originId : out.originId + "-" + stanzas.size();
            String url = publicUrl.apply(attachment).toString();
            MessageBuilder b = out.message(id).setBody(url);
            b.addExtension(OobElement.of(url));
            stanzas.add(out.finish(b, id));
        }
        return stanzas;
    }

    private List<Stanza> reactions(Stanzas out, EventId target, Address user, String key, boolean added,
            Address conversation) {
        String targetId = xmppId(target, conversation, "message reacted to");
        // XEP-0444 sends the whole set: the user's current reactions with this change applied (whether or not the
        // store already holds this event, the result is the same). Sorted, so the same set always reads the same.
        Set<String> set = new TreeSet<>(refs.reactions(target, user).keySet());
        if (added) {
            set.add(key);
        } else {
            set.remove(key);
        }
        MessageBuilder b = out.message(out.originId);
        b.addExtension(new ReactionsElement(targetId, List.copyOf(set)));
        b.addExtension(StoreHint.INSTANCE);
        return List.of(out.finish(b, out.originId));
    }

    private static Presence presence(Stanzas out, PresenceChanged p) {
        PresenceBuilder b = StanzaBuilder.buildPresence(out.originId).from(out.from).to(out.to);
        if (p.availability() == PresenceChanged.Availability.OFFLINE) {
            b.ofType(Presence.Type.unavailable);
        } else {
            b.ofType(Presence.Type.available);
            switch (p.availability()) {
                case AWAY:
                    b.setMode(Presence.Mode.away);
                    break;
                case EXTENDED_AWAY:
                    b.setMode(Presence.Mode.xa);
                    break;
                case DO_NOT_DISTURB:
                    b.setMode(Presence.Mode.dnd);
                    break;
                default:
                    break;
            }
        }
        p.status().filter(s -> !s.isBlank()).ifPresent(b::setStatus);
        return b.build();
    }

    /**
     * A presence announcing the new nickname (XEP-0172) and, for a new avatar, an empty XEP-0153 update element:
     * the photo hash needs the image bytes, which the vCard service has; it replaces that element with the hash.
     */
    private static Presence profile(Stanzas out, ProfileChanged p) {
        PresenceBuilder b = StanzaBuilder.buildPresence(out.originId).from(out.from).to(out.to)
                .ofType(Presence.Type.available);
        p.displayName().filter(n -> !n.isBlank()).ifPresent(n -> b.addExtension(new Nick(n)));
        if (p.avatar().isPresent()) {
            b.addExtension(StandardExtensionElement.builder("x", XmppToCanonical.VCARD_UPDATE_NAMESPACE).build());
        }
        return b.build();
    }

    private static Body body(MessageContent content) {
        if (content.html().isPresent()) {
            String styled = StylingWriter.toStyledText(content.html().get());
            return new Body(styled.isBlank() ? content.text() : styled, false);
        }
        // Plain text that happens to contain styling characters was not meant as styling: say so.
        return new Body(content.text(), StylingReader.toHtml(content.text()).isPresent());
    }

    /** An edit cannot add files in XMPP (each file is its own message); their URLs go into the new body. */
    private String withUrls(String text, List<Attachment> attachments) {
        StringBuilder body = new StringBuilder(text);
        for (Attachment attachment : attachments) {
            if (body.length() > 0) {
                body.append('\n');
            }
            body.append(publicUrl.apply(attachment));
        }
        return body.toString();
    }

    private String xmppId(EventId id, Address conversation, String what) {
        return refs.xmppId(id, conversation).orElseThrow(() -> new GatewayException(GatewayException.Reason.NOT_FOUND,
                "the " + what + " (" + id + ") never reached " + conversation.toUri()));
    }

    private static ChatState chatState(ChatStateChanged.State state) {
        switch (state) {
            case COMPOSING:
                return ChatState.composing;
            case PAUSED:
                return ChatState.paused;
            case INACTIVE:
                return ChatState.inactive;
            case GONE:
                return ChatState.gone;
            default:
                return ChatState.active;
        }
    }

    private static org.jxmpp.jid.Jid jid(Jid jid) {
        try {
            return JidCreate.from(jid.toString());
        } catch (XmppStringprepException e) {
            throw new GatewayException(GatewayException.Reason.INVALID, "not a valid JID for XMPP: " + jid, e);
        }
    }

    /** A body's text and whether to mark it unstyled (XEP-0393 {@code <unstyled/>}). */
    private record Body(String text, boolean unstyled) {
        void hints(MessageBuilder b) {
            if (unstyled) {
                b.addExtension(StandardExtensionElement.builder("unstyled", InboundContent.STYLING_NAMESPACE).build());
            }
        }
    }

    /** What every stanza of one rendering shares. */
    private static final class Stanzas {
        final org.jxmpp.jid.Jid from;
        final org.jxmpp.jid.Jid to;
        final Message.Type type;
        final String originId;

        Stanzas(org.jxmpp.jid.Jid from, org.jxmpp.jid.Jid to, Message.Type type, String originId) {
            this.from = from;
            this.to = to;
            this.type = type;
            this.originId = originId;
        }

        MessageBuilder message(String id) {
            return StanzaBuilder.buildMessage(id).from(from).to(to).ofType(type);
        }

        /** Adds the origin-id last, after the body, which the schema wants before every extension. */
        Message finish(MessageBuilder b, String id) {
            b.addExtension(new OriginIdElement(id));
            return b.build();
        }
    }
}
