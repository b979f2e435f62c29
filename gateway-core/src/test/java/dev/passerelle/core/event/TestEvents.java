package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Test fixtures: canonical events with the boilerplate filled in (a random event id, an origin on the
 * sender's network with a random native id, the current time). Shared with other modules via the test-jar.
 */
public final class TestEvents {
    private TestEvents() {
    }

    /** An origin on {@code sender}'s network with a fresh random native id. */
    public static Origin originOf(Address sender) {
        return new Origin(sender.network(), new NativeId("native-" + UUID.randomUUID()));
    }

    /** A plain-text message. */
    public static MessageSent message(Address sender, Address conversation, String text) {
        return sent(sender, conversation, MessageContent.text(text));
    }

    /** A message with HTML, sanitised as a connector would, and {@code text} as its plain-text fallback. */
    public static MessageSent htmlMessage(Address sender, Address conversation, String text, String html) {
        return sent(sender, conversation,
                new MessageContent(text, Optional.of(HtmlSanitizer.sanitize(html)), List.of(), Optional.empty()));
    }

    /** A plain-text reply to {@code original}. */
    public static MessageSent reply(Address sender, Address conversation, String text, EventId original) {
        return sent(sender, conversation, new MessageContent(text, Optional.empty(), List.of(), Optional.of(original)));
    }

    /** A message carrying one attachment and {@code text} as its caption or fallback. */
    public static MessageSent attachment(Address sender, Address conversation, String text, Attachment attachment) {
        return sent(sender, conversation,
                new MessageContent(text, Optional.empty(), List.of(attachment), Optional.empty()));
    }

    /** A message with any content. */
    public static MessageSent sent(Address sender, Address conversation, MessageContent content) {
        return new MessageSent(EventId.random(), originOf(sender), sender, conversation, Instant.now(), content);
    }

    /** A plain-text edit of {@code target}. */
    public static MessageEdited edit(Address sender, Address conversation, EventId target, String newText) {
        return new MessageEdited(EventId.random(), originOf(sender), sender, conversation, Instant.now(), target,
                MessageContent.text(newText));
    }

    /** A retraction of {@code target} without a reason. */
    public static MessageRetracted retraction(Address sender, Address conversation, EventId target) {
        return new MessageRetracted(EventId.random(), originOf(sender), sender, conversation, Instant.now(), target,
                Optional.empty());
    }

    /** A reaction {@code key} (usually one emoji) to {@code target}. */
    public static ReactionAdded reaction(Address sender, Address conversation, EventId target, String key) {
        return new ReactionAdded(EventId.random(), originOf(sender), sender, conversation, Instant.now(), target,
                key);
    }

    /** {@code sender} started typing. */
    public static ChatStateChanged typing(Address sender, Address conversation) {
        return new ChatStateChanged(EventId.random(), originOf(sender), sender, conversation, Instant.now(),
                ChatStateChanged.State.COMPOSING);
    }

    /** {@code sender} joined {@code conversation}. */
    public static MembershipChanged join(Address sender, Address conversation) {
        return new MembershipChanged(EventId.random(), originOf(sender), sender, conversation, Instant.now(), sender,
                MembershipChanged.Membership.JOIN, Optional.empty());
    }

    /** {@code sender} gave {@code member} the role {@code role} in {@code conversation}. */
    public static RoleChanged role(Address sender, Address conversation, Address member, Role role) {
        return new RoleChanged(EventId.random(), originOf(sender), sender, conversation, Instant.now(), member, role);
    }
}
