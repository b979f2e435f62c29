package dev.passerelle.e2e;

import java.util.Optional;

/**
 * What the feature matrix does as the user of one network, and what it looks for in what that user received. A
 * {@code ref} is the id other members of the conversation use for a message (the room's stanza-id on XMPP, the
 * event id on Matrix); a {@code sentId} is what the sender's own client knows (the message id on XMPP).
 */
interface Endpoint {

    Side side();

    // ---- acting ----

    /** Sends a plain text; gives its sent id. */
    String send(String body);

    /** The ref of one of this user's own messages. */
    String refOfOwn(String sentId);

    /** Sends {@code word} in bold followed by {@code rest}. */
    void sendFormatted(String word, String rest);

    void reply(String ref, String body);

    void edit(String sentId, String ref, String newBody);

    void retract(String ref);

    void react(String ref, String key);

    /** Sends a file ({@code name}, text/plain, {@code content}). */
    void attach(String name, String content);

    void typing(boolean composing);

    /** Marks a message this user received as read. */
    void markRead(String ref);

    /** A new user of this network joins the conversation under {@code name}; gives a handle to it. */
    Joiner join(String name);

    /** A user who joined with {@link #join}. */
    interface Joiner {
        void leave();

        void rename(String newName);

        void changeAvatar();
    }

    // ---- observing what this user received from the others ----

    /** The ref of a received message whose text contains {@code text}. */
    Optional<String> received(String text);

    /** The id an edit of a received message must name (the message's own id on XMPP, the event id on Matrix). */
    Optional<String> editIdOfReceived(String text);

    boolean hasFormatted(String word);

    boolean hasReply(String ref, String text);

    boolean hasEdit(String editId, String newText);

    boolean hasRetraction(String ref);

    /** A received message says the message was retracted, without being a retraction. */
    boolean hasRetractionText(String text);

    boolean hasReaction(String ref, String key);

    boolean hasAttachment(String name);

    /** A link to the file arrived as text instead of a file. */
    boolean hasAttachmentLink(String name);

    /** How many typing notifications have arrived so far. */
    int typingCount();

    boolean hasReadMarker(String ref);

    boolean hasJoin(String name);

    boolean hasLeave(String name);

    boolean hasRename(String newName);

    boolean hasAvatarChange(String name);

    /** The last few things this user received, for failure messages. */
    String describeRecent();
}
