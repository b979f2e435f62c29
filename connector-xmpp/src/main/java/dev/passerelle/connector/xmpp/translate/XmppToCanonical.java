package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.connector.xmpp.stanza.ReactionsElement;
import dev.passerelle.connector.xmpp.stanza.RetractElement;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smackx.chat_markers.element.ChatMarkersElements;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;

/**
 * Translates message and presence stanzas from XMPP users into canonical events. Pure apart from {@link StanzaRefs}
 * lookups, which may block: call it on a worker thread. Never throws for bad input: a malformed, empty or
 * unbridged stanza comes back as {@link InboundResult.Ignored}.
 */
public final class XmppToCanonical {
    /** XEP-0444 reactions are single emoji; anything longer than this is not a reaction a network can show. */
    static final int MAX_REACTION_CHARS = 64;
    static final int MAX_REACTIONS = 50;
    static final String VCARD_UPDATE_NAMESPACE = "vcard-temp:x:update";
    private static final String MARKERS_NAMESPACE = "urn:xmpp:chat-markers:0";
    private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-fA-F]{40}");

    private final StanzaRefs refs;
    private final Clock clock;
    private final Supplier<EventId> ids;

    public XmppToCanonical(StanzaRefs refs, Clock clock) {
        this(refs, clock, EventId::random);
    }

    /** With a given source of canonical ids, so tests can predict them. */
    public XmppToCanonical(StanzaRefs refs, Clock clock, Supplier<EventId> ids) {
        if (refs == null || clock == null || ids == null) {
            throw new IllegalArgumentException("refs, clock and ids must not be null");
        }
        this.refs = refs;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Translates a message stanza. The caller decides who sent it and where ({@code conversation}: the room's bare
     * JID or, one to one, the XMPP user's bare JID, the same address {@link CanonicalToXmpp} looks references up in;
     * {@code sender}: the occupant's real JID when known, else the occupant JID), and its XMPP id ({@code nativeId}: the stanza-id the room assigned, else the origin-id, else
     * the message id), which is qualified with the conversation here.
     *
     * <p>In order of precedence: retraction (XEP-0424), reactions (XEP-0444), correction (XEP-0308), a message
     * (body and/or XEP-0066 attachments, with XEP-0461 reply), chat state (XEP-0085), then a displayed or
     * acknowledged marker (XEP-0333) or a delivery receipt (XEP-0184) as a read marker.
     */
    public InboundResult translate(Message message, Address conversation, Address sender, String nativeId) {
        requireContext(conversation, sender);
        if (nativeId == null || nativeId.isEmpty()) {
            throw new IllegalArgumentException("the stanza's native id must not be empty");
        }
        if (message == null) {
            return new InboundResult.Ignored(InboundResult.Reason.MALFORMED, "no message");
        }
        try {
            if (message.getType() == Message.Type.error) {
                return new InboundResult.Ignored(InboundResult.Reason.ERROR_STANZA,
                        "a message of type error is a bounce, not a message");
            }
            Header h = new Header(conversation, sender, nativeId, timestamp(message));
            Optional<RetractElement> retract = Elements.one(message, RetractElement.ELEMENT, RetractElement.NAMESPACE,
                    RetractElement.class);
            if (retract.isPresent()) {
                EventId target = target(conversation, retract.get().id(), "retraction");
                return InboundResult.Translated.of(new MessageRetracted(ids.get(), h.origin(""), sender, conversation,
                        h.timestamp, target, Optional.empty()));
            }
            Optional<ReactionsElement> reactions = Elements.one(message, ReactionsElement.ELEMENT,
                    ReactionsElement.NAMESPACE, ReactionsElement.class);
            if (reactions.isPresent()) {
                return reactions(reactions.get(), h);
            }
            Optional<MessageCorrectExtension> replace = Elements.one(message, MessageCorrectExtension.ELEMENT,
                    MessageCorrectExtension.NAMESPACE, MessageCorrectExtension.class);
            if (replace.isPresent()) {
                String original = replace.get().getIdInitialMessage();
                if (original == null || original.isEmpty()) {
                    throw new Rejected(InboundResult.Reason.MALFORMED, "a correction without the id of its message");
                }
                // The original message's own id (XEP-0308), which in a room differs from its stanza-id.
                EventId target = refs.corrected(conversation, original).orElseThrow(() -> new Rejected(
                        InboundResult.Reason.TARGET_UNKNOWN, "a correction of message '" + original
                        + "', unknown here"));
                if (!InboundContent.hasContent(message)) {
                    throw new Rejected(InboundResult.Reason.MALFORMED, "a correction without a body");
                }
                MessageContent content = InboundContent.read(message, conversation, refs);
                return InboundResult.Translated.of(new MessageEdited(ids.get(), h.origin(""), sender, conversation,
                        h.timestamp, target, content));
            }
            if (InboundContent.hasContent(message)) {
                MessageContent content = InboundContent.read(message, conversation, refs);
                if (content.text().isEmpty() && content.attachments().isEmpty()) {
                    return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED,
                            "nothing left of the body once its fallback is removed");
                }
                return InboundResult.Translated.of(new MessageSent(ids.get(), h.origin(""), sender, conversation,
                        h.timestamp, content));
            }
            Optional<ChatStateExtension> state = chatState(message);
            if (state.isPresent()) {
                return InboundResult.Translated.of(new ChatStateChanged(ids.get(), h.origin(""), sender,
                        conversation, h.timestamp, state(state.get())));
            }
            Optional<String> read = readUpTo(message);
            if (read.isPresent()) {
                EventId upTo = target(conversation, read.get(), "read marker");
                return InboundResult.Translated.of(new ReadMarker(ids.get(), h.origin(""), sender, conversation,
                        h.timestamp, upTo));
            }
            return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED,
                    "no body, attachment, correction, retraction, reaction, chat state or read marker");
        } catch (Rejected e) {
            return e.toIgnored();
        }
    }

    /**
     * Translates a presence from {@code sender} (its conversation is the sender itself): availability and status
     * as a {@link PresenceChanged}, and, when the presence names a nickname (XEP-0172) or announces a vCard avatar
     * (XEP-0153), a {@link ProfileChanged} after it. Servers repeat the avatar hash in every presence, so the caller
     * should drop a ProfileChanged that matches the profile it already knows. Subscription requests and errors are
     * ignored.
     */
    public InboundResult presence(Presence presence, Address sender) {
        requireContext(sender, sender);
        if (presence == null) {
            return new InboundResult.Ignored(InboundResult.Reason.MALFORMED, "no presence");
        }
        try {
            Instant at = timestamp(presence);
            Header h = new Header(sender, sender, "~presence/" + at.toEpochMilli(), at);
            PresenceChanged.Availability availability;
            if (presence.getType() == Presence.Type.unavailable) {
                availability = PresenceChanged.Availability.OFFLINE;
            } else if (presence.getType() == Presence.Type.available) {
                availability = availability(presence.getMode());
            } else if (presence.getType() == Presence.Type.error) {
                return new InboundResult.Ignored(InboundResult.Reason.ERROR_STANZA, "a presence of type error");
            } else {
                return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED,
                        "presence of type " + presence.getType() + " is handled by the roster, not bridged");
            }
            Optional<String> status = Optional.ofNullable(presence.getStatus()).filter(s -> !s.isBlank());
            List<Event> events = new ArrayList<>();
            events.add(new PresenceChanged(ids.get(), h.origin(""), sender, sender, at, availability, status));
            if (availability != PresenceChanged.Availability.OFFLINE) {
                Optional<String> nick = Elements.one(presence, Nick.ELEMENT_NAME, Nick.NAMESPACE, Nick.class)
                        .map(Nick::getName).map(String::strip).filter(n -> !n.isEmpty());
                Optional<URI> avatar = avatarHint(presence, sender);
                if (nick.isPresent() || avatar.isPresent()) {
                    events.add(new ProfileChanged(ids.get(), h.origin("#profile"), sender, sender, at, nick, avatar));
                }
            }
            return new InboundResult.Translated(events);
        } catch (Rejected e) {
            return e.toIgnored();
        }
    }

    /**
     * Where the sender's new avatar can be fetched, from a XEP-0153 {@code <photo>} hash: the sender's vCard, as
     * the RFC 5122 URI {@code xmpp:jid?vcard}, with the hash as fragment so that each new picture is a new value.
     * An empty {@code <photo/>} (no avatar) cannot be said canonically (an empty avatar means unchanged).
     */
    private static Optional<URI> avatarHint(Presence presence, Address sender) {
        for (var extension : presence.getExtensions("x", VCARD_UPDATE_NAMESPACE)) {
            if (extension instanceof StandardExtensionElement x) {
                StandardExtensionElement photo = x.getFirstElement("photo", VCARD_UPDATE_NAMESPACE);
                String hash = photo == null || photo.getText() == null ? "" : photo.getText().strip();
                if (SHA1_HEX.matcher(hash).matches()) {
                    return Optional.of(URI.create(sender.toUri() + "?vcard#" + hash.toLowerCase(java.util.Locale.ROOT)));
                }
            }
        }
        return Optional.empty();
    }

    private InboundResult reactions(ReactionsElement element, Header h) {
        if (element.reactions().size() > MAX_REACTIONS) {
            throw new Rejected(InboundResult.Reason.TOO_LARGE,
                    element.reactions().size() + " reactions on one message, more than " + MAX_REACTIONS);
        }
        for (String key : element.reactions()) {
            if (key.length() > MAX_REACTION_CHARS) {
                throw new Rejected(InboundResult.Reason.TOO_LARGE,
                        "a reaction of " + key.length() + " characters, more than " + MAX_REACTION_CHARS);
            }
        }
        EventId target = target(h.conversation, element.id(), "reaction");
        Map<String, EventId> before = refs.reactions(target, h.sender);
        Set<String> now = new LinkedHashSet<>(element.reactions());
        List<Event> events = new ArrayList<>();
        for (String key : now) {
            if (!before.containsKey(key)) {
                events.add(new ReactionAdded(ids.get(), h.origin("#+" + key), h.sender, h.conversation, h.timestamp,
                        target, key));
            }
        }
        for (Map.Entry<String, EventId> old : before.entrySet()) {
            if (!now.contains(old.getKey())) {
                events.add(new ReactionRemoved(ids.get(), h.origin("#-" + old.getKey()), h.sender, h.conversation,
                        h.timestamp, target, old.getValue(), old.getKey()));
            }
        }
        if (events.isEmpty()) {
            return new InboundResult.Ignored(InboundResult.Reason.UNCHANGED,
                    "the reaction set equals the one already known");
        }
        return new InboundResult.Translated(events);
    }

    private EventId target(Address conversation, String xmppId, String what) {
        if (xmppId == null || xmppId.isEmpty()) {
            throw new Rejected(InboundResult.Reason.MALFORMED, "a " + what + " without the id of its message");
        }
        return refs.canonical(conversation, xmppId).orElseThrow(() -> new Rejected(
                InboundResult.Reason.TARGET_UNKNOWN, "a " + what + " of message '" + xmppId + "', unknown here"));
    }

    /** The id a displayed or acknowledged marker or a delivery receipt points at, if the message has one. */
    private static Optional<String> readUpTo(Message message) {
        Optional<String> id = Elements.one(message, ChatMarkersElements.DisplayedExtension.ELEMENT, MARKERS_NAMESPACE,
                ChatMarkersElements.DisplayedExtension.class).map(ChatMarkersElements.DisplayedExtension::getId);
        if (id.isEmpty()) {
            id = Elements.one(message, ChatMarkersElements.AcknowledgedExtension.ELEMENT, MARKERS_NAMESPACE,
                    ChatMarkersElements.AcknowledgedExtension.class)
                    .map(ChatMarkersElements.AcknowledgedExtension::getId);
        }
        if (id.isEmpty()) {
            id = Elements.one(message, DeliveryReceipt.ELEMENT, DeliveryReceipt.NAMESPACE, DeliveryReceipt.class)
                    .map(DeliveryReceipt::getId);
        }
        return id;
    }

    /** The XEP-0085 chat state; its element name is the state, so it is found by namespace. */
    private static Optional<ChatStateExtension> chatState(Message message) {
        for (var extension : message.getExtensions()) {
            if (ChatStateExtension.NAMESPACE.equals(extension.getNamespace())) {
                if (!(extension instanceof ChatStateExtension state)) {
                    throw new Rejected(InboundResult.Reason.MALFORMED,
                            "<" + extension.getElementName() + "/> is not a XEP-0085 chat state");
                }
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    private static ChatStateChanged.State state(ChatStateExtension extension) {
        switch (extension.getChatState()) {
            case composing:
                return ChatStateChanged.State.COMPOSING;
            case paused:
                return ChatStateChanged.State.PAUSED;
            case inactive:
                return ChatStateChanged.State.INACTIVE;
            case gone:
                return ChatStateChanged.State.GONE;
            default:
                return ChatStateChanged.State.ACTIVE;
        }
    }

    private static PresenceChanged.Availability availability(Presence.Mode mode) {
        if (mode == null) {
            return PresenceChanged.Availability.ONLINE;
        }
        switch (mode) {
            case away:
                return PresenceChanged.Availability.AWAY;
            case xa:
                return PresenceChanged.Availability.EXTENDED_AWAY;
            case dnd:
                return PresenceChanged.Availability.DO_NOT_DISTURB;
            default:
                return PresenceChanged.Availability.ONLINE;
        }
    }

    /** The sender's time from a XEP-0203 delay (offline storage, MUC history), else now. */
    private Instant timestamp(Stanza stanza) {
        DelayInformation delay = DelayInformation.from(stanza);
        return delay != null && delay.getStamp() != null ? delay.getStamp().toInstant() : clock.instant();
    }

    private static void requireContext(Address conversation, Address sender) {
        if (conversation == null || sender == null) {
            throw new IllegalArgumentException("conversation and sender must not be null");
        }
        if (conversation.network() != Network.XMPP || sender.network() != Network.XMPP) {
            throw new IllegalArgumentException("conversation and sender must be XMPP addresses, got "
                    + conversation.toUri() + " and " + sender.toUri());
        }
    }

    /** What every event of one stanza shares. */
    private static final class Header {
        final Address conversation;
        final Address sender;
        final String xmppId;
        final Instant timestamp;

        Header(Address conversation, Address sender, String xmppId, Instant timestamp) {
            this.conversation = conversation;
            this.sender = sender;
            this.xmppId = xmppId;
            this.timestamp = timestamp;
        }

        /** The origin of one event of this stanza; {@code suffix} tells apart several events from one stanza. */
        Origin origin(String suffix) {
            return new Origin(Network.XMPP, XmppIds.nativeId(conversation, xmppId + suffix));
        }
    }
}
