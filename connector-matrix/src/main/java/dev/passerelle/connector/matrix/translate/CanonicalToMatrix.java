package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
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
import dev.passerelle.core.spi.GatewayException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders canonical events as the Client-Server API calls a ghost makes in a Matrix room. Pure apart from
 * {@link EventRefs} lookups (which may block: call it on a worker thread).
 *
 * <p>Fallbacks for what Matrix cannot carry: an attachment the media hook gives no {@code mxc:} URI for goes as a
 * text link; attachments in an edit are not carried (the text is edited); chat states other than COMPOSING
 * stop typing; AWAY, EXTENDED_AWAY and DO_NOT_DISTURB are all {@code unavailable}; a KICK is a {@code leave} set
 * by someone else; text starting with {@code "/me "} is an {@code m.emote}; a role is its ghost's power level
 * (see {@link #role}). Oversized content follows {@link SizePolicy}. An edit, retraction, reaction, reaction
 * removal or receipt whose target has no Matrix id fails with {@link GatewayException.Reason#NOT_FOUND}; a reply
 * to such a target goes without the reply relation.
 */
public final class CanonicalToMatrix {
    /** How long a typing notification lasts unless renewed: the XMPP side sends no keep-alives. */
    static final int TYPING_TIMEOUT_MS = 30_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EventRefs refs;
    private final Function<Attachment, Optional<URI>> media;
    private final Function<Address, Optional<MatrixUserId>> matrixUsers;
    private final MessageWriter messages;
    private final SizePolicy size;

    /** Sends attachments at their own URI (when it is {@code mxc:}) and knows only Matrix users as members. */
    public CanonicalToMatrix(EventRefs refs) {
        this(refs, a -> Optional.of(a.uri()),
                a -> a instanceof MatrixUserId ? Optional.of((MatrixUserId) a) : Optional.empty());
    }

    /**
     * @param media the {@code mxc:} URI to send an attachment (or an avatar) at, typically after uploading it;
     *        empty or a non-{@code mxc:} URI means it cannot be embedded (see the fallbacks above)
     * @param matrixUsers the Matrix user (usually a ghost) that stands for an address in membership changes
     */
    public CanonicalToMatrix(EventRefs refs, Function<Attachment, Optional<URI>> media,
            Function<Address, Optional<MatrixUserId>> matrixUsers) {
        this(refs, media, matrixUsers, new SizePolicy());
    }

    CanonicalToMatrix(EventRefs refs, Function<Attachment, Optional<URI>> media,
            Function<Address, Optional<MatrixUserId>> matrixUsers, SizePolicy size) {
        if (refs == null || media == null || matrixUsers == null || size == null) {
            throw new IllegalArgumentException("refs, media, matrixUsers and size must not be null");
        }
        this.refs = refs;
        this.media = media;
        this.matrixUsers = matrixUsers;
        this.messages = new MessageWriter(size, media);
        this.size = size;
    }

    /**
     * The calls that render {@code event} in room {@code roomId}, made as {@code asGhost} (the sender's ghost),
     * in order. Several calls for one event: a split message, a message with several attachments, a profile with
     * both name and avatar.
     *
     * @throws GatewayException NOT_FOUND when the event refers to one with no Matrix id; UNSUPPORTED when a
     *         membership change is about someone with no Matrix user, and for a {@link RoleChanged}, which needs
     *         the room's current power levels: render it with {@link #role}
     */
    public List<MatrixSend> render(Event event, MatrixUserId asGhost, String roomId) {
        if (event == null || asGhost == null || roomId == null || !roomId.startsWith("!")) {
            throw new IllegalArgumentException("render needs an event, a ghost and a room id (!...), got room "
                    + roomId);
        }
        if (event instanceof MessageSent) {
            MessageSent m = (MessageSent) event;
            Optional<String> replyTo = m.content().replyTo().flatMap(refs::matrixEventId);
            List<MatrixSend> out = new ArrayList<>();
            for (ObjectNode c : messages.message(m.content(), replyTo)) {
                out.add(MatrixSend.message("m.room.message", c));
            }
            return out;
        }
        if (event instanceof MessageEdited) {
            MessageEdited e = (MessageEdited) event;
            return List.of(MatrixSend.message("m.room.message",
                    messages.edit(e.newContent(), required(e.target(), "edited message"))));
        }
        if (event instanceof MessageRetracted) {
            MessageRetracted r = (MessageRetracted) event;
            ObjectNode c = NODES.objectNode();
            r.reason().ifPresent(reason -> c.put("reason", reason));
            return List.of(redaction(required(r.target(), "retracted message"), c));
        }
        if (event instanceof ReactionAdded) {
            ReactionAdded r = (ReactionAdded) event;
            ObjectNode c = NODES.objectNode();
            ObjectNode rel = c.putObject("m.relates_to");
            rel.put("rel_type", "m.annotation");
            rel.put("event_id", required(r.target(), "reacted-to message"));
            rel.put("key", r.key());
            return List.of(MatrixSend.message("m.reaction", c));
        }
        if (event instanceof ReactionRemoved) {
            ReactionRemoved r = (ReactionRemoved) event;
            // Matrix withdraws a reaction by redacting the m.reaction event itself.
            return List.of(redaction(required(r.reaction(), "reaction"), NODES.objectNode()));
        }
        if (event instanceof ChatStateChanged) {
            ObjectNode c = NODES.objectNode();
            boolean typing = ((ChatStateChanged) event).state() == ChatStateChanged.State.COMPOSING;
            c.put("typing", typing);
            if (typing) {
                c.put("timeout", TYPING_TIMEOUT_MS);
            }
            return List.of(new MatrixSend(MatrixSend.Kind.TYPING, "m.typing", Optional.empty(), Optional.empty(), c));
        }
        if (event instanceof ReadMarker) {
            String upTo = required(((ReadMarker) event).upTo(), "read message");
            return List.of(new MatrixSend(MatrixSend.Kind.RECEIPT, "m.read", Optional.empty(), Optional.of(upTo),
                    NODES.objectNode()));
        }
        if (event instanceof PresenceChanged) {
            return List.of(presence((PresenceChanged) event));
        }
        if (event instanceof MembershipChanged) {
            return List.of(membership((MembershipChanged) event, asGhost));
        }
        if (event instanceof ProfileChanged) {
            return profile((ProfileChanged) event);
        }
        if (event instanceof RoleChanged) {
            throw new GatewayException(GatewayException.Reason.UNSUPPORTED,
                    "a role change is rendered against the room's power levels, with role()");
        }
        return metadata((RoomMetadataChanged) event);
    }

    private String required(EventId id, String what) {
        return refs.matrixEventId(id).orElseThrow(() -> new GatewayException(GatewayException.Reason.NOT_FOUND,
                "the " + what + " " + id + " has no Matrix event id"));
    }

    private static MatrixSend redaction(String target, ObjectNode content) {
        return new MatrixSend(MatrixSend.Kind.REDACTION, "m.room.redaction", Optional.empty(), Optional.of(target),
                content);
    }

    private static MatrixSend presence(PresenceChanged p) {
        ObjectNode c = NODES.objectNode();
        String presence;
        switch (p.availability()) {
            case ONLINE:
                presence = "online";
                break;
            case OFFLINE:
                presence = "offline";
                break;
            default:
                // Matrix has one "not at the keyboard" state for away, extended away and do-not-disturb.
                presence = "unavailable";
                break;
        }
        c.put("presence", presence);
        p.status().ifPresent(s -> c.put("status_msg", s));
        return new MatrixSend(MatrixSend.Kind.PRESENCE, "m.presence", Optional.empty(), Optional.empty(), c);
    }

    private MatrixSend membership(MembershipChanged m, MatrixUserId asGhost) {
        MatrixUserId member = m.member().equals(m.sender()) ? asGhost
                : matrixUsers.apply(m.member()).orElseThrow(() -> new GatewayException(
                        GatewayException.Reason.UNSUPPORTED, "no Matrix user stands for " + m.member().toUri()));
        ObjectNode c = NODES.objectNode();
        String membership;
        switch (m.membership()) {
            case JOIN:
                membership = "join";
                break;
            case INVITE:
                membership = "invite";
                break;
            case BAN:
                membership = "ban";
                break;
            default:
                // Matrix has no kick state: a kick is a leave set by someone other than the member.
                membership = "leave";
                break;
        }
        c.put("membership", membership);
        m.reason().ifPresent(r -> c.put("reason", r));
        return MatrixSend.state("m.room.member", member.toString(), c);
    }

    /**
     * The {@code m.room.power_levels} write that gives the member's ghost its new role: {@code current} (the
     * room's power levels now; empty if it has none) with only that user changed, thresholds as in
     * {@link PowerLevels#withRoles}. {@code creators} are the room's v12+ creators, never listed. Only ghosts are
     * changed: another network has no say over the power of a real Matrix user.
     *
     * @throws GatewayException UNSUPPORTED when the member is a Matrix user, or no Matrix user stands for it
     */
    public MatrixSend role(RoleChanged r, ObjectNode current, Set<MatrixUserId> creators) {
        if (r == null || current == null || creators == null) {
            throw new IllegalArgumentException("role needs the event, the current power levels and the creators");
        }
        if (r.member() instanceof MatrixUserId) {
            throw new GatewayException(GatewayException.Reason.UNSUPPORTED, "the role of the Matrix user "
                    + r.member().toUri() + " is not the gateway's to change");
        }
        MatrixUserId ghost = matrixUsers.apply(r.member()).orElseThrow(() -> new GatewayException(
                GatewayException.Reason.UNSUPPORTED, "no Matrix user stands for " + r.member().toUri()));
        return MatrixSend.state("m.room.power_levels", "",
                PowerLevels.withRoles(current, Map.of(ghost, r.role()), creators));
    }

    private List<MatrixSend> profile(ProfileChanged p) {
        List<MatrixSend> out = new ArrayList<>(2);
        p.displayName().ifPresent(name -> {
            ObjectNode c = NODES.objectNode();
            c.put("displayname", name);
            out.add(new MatrixSend(MatrixSend.Kind.PROFILE, "displayname", Optional.empty(), Optional.empty(), c));
        });
        p.avatar().flatMap(this::mxcAvatar).ifPresent(url -> {
            ObjectNode c = NODES.objectNode();
            c.put("avatar_url", url.toString());
            out.add(new MatrixSend(MatrixSend.Kind.PROFILE, "avatar_url", Optional.empty(), Optional.empty(), c));
        });
        return out;
    }

    private List<MatrixSend> metadata(RoomMetadataChanged m) {
        List<MatrixSend> out = new ArrayList<>(3);
        m.name().ifPresent(name -> {
            ObjectNode c = NODES.objectNode();
            c.put("name", name);
            out.add(MatrixSend.state("m.room.name", "", c));
        });
        m.topic().ifPresent(topic -> out.add(MatrixSend.state("m.room.topic", "",
                // A state event cannot be split: an oversized topic is cut short, like an edit.
                size.truncate(topic, Optional.empty(), (body, html, part) -> {
                    ObjectNode c = NODES.objectNode();
                    c.put("topic", body);
                    // Since v1.15 the topic also travels as a text content block; plain text is what we have.
                    ObjectNode block = c.putObject("m.topic").putArray("m.text").addObject();
                    block.put("mimetype", "text/plain");
                    block.put("body", body);
                    return c;
                }))));
        m.avatar().flatMap(this::mxcAvatar).ifPresent(url -> {
            ObjectNode c = NODES.objectNode();
            c.put("url", url.toString());
            out.add(MatrixSend.state("m.room.avatar", "", c));
        });
        return out;
    }

    /** Avatars go through the same media hook as attachments; one that cannot be made mxc: is left unchanged. */
    private Optional<URI> mxcAvatar(URI avatar) {
        return media.apply(Attachment.of(avatar, "image/*")).filter(u -> "mxc".equals(u.getScheme()));
    }
}
