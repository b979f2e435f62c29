package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.content.ContentException;
import dev.passerelle.connector.dma.content.EncryptedPartUri;
import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MessageStatusReport;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.mls.schedule.RatchetFailure;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.Received;
import dev.passerelle.connector.dma.mls.tree.Credential;
import dev.passerelle.connector.dma.protocol.FanoutMessage;
import dev.passerelle.connector.dma.provider.KeyPackages;
import dev.passerelle.connector.dma.provider.LocalDelivery;
import dev.passerelle.connector.dma.provider.LocalUser;
import dev.passerelle.connector.dma.translate.InboundResult;
import dev.passerelle.connector.dma.translate.MimiToCanonical;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.store.StateChange;
import dev.passerelle.core.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the provider hands us for our users, in the hub's order (see {@link LocalDelivery}): a Welcome joins the
 * user whose KeyPackage it was made for; a commit moves every one of our members in the room to the next epoch; an
 * application message is decrypted by one of our members, translated and submitted to the router, and the future
 * completes once the router has made it durable (so the notify is answered 201, or the hub's cursor moves, only
 * then). Events we cannot use (a Welcome for a KeyPackage already used, a commit of an epoch we are past, a message
 * that does not decrypt or translate) are counted under {@code passerelle.mimi.inbound.dropped} and acknowledged:
 * retrying them would block the room for ever.
 */
final class InboundDelivery implements LocalDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(InboundDelivery.class);

    private final ConnectorContext ctx;
    private final MemberStates states;
    private final GatewayUsers users;
    private final BiFunction<String, URI, Future<Void>> seen;
    private final RecentSends recent;
    private KeyPackages keys;

    /**
     * @param seen records an external-part URL of a room (for proxyDownload in rooms we host, and to know the hub
     *             to download through in rooms hosted elsewhere)
     * @param recent   what our connector sent last, for answers to it that arrive before its id is recorded
     */
    InboundDelivery(ConnectorContext ctx, MemberStates states, GatewayUsers users,
            BiFunction<String, URI, Future<Void>> seen, RecentSends recent) {
        this.ctx = ctx;
        this.states = states;
        this.users = users;
        this.seen = seen;
        this.recent = recent;
    }

    void keys(KeyPackages keyPackages) {
        this.keys = keyPackages;
    }

    @Override
    public Future<Void> deliver(String roomUri, FanoutMessage message) {
        if (message.kind() == FanoutMessage.Kind.WELCOME) {
            return ctx.vertx().executeBlocking(() -> {
                welcome(roomUri, message);
                return null;
            }, false);
        }
        if (message.kind() == FanoutMessage.Kind.COMMIT) {
            return ctx.vertx().executeBlocking(() -> commit(roomUri, message), false).compose(events -> {
                Future<Void> all = Future.succeededFuture();
                for (Event event : events) {
                    all = all.compose(v -> ctx.events().submit(event).mapEmpty());
                }
                return all;
            });
        }
        if (message.kind() == FanoutMessage.Kind.APPLICATION) {
            String kept = KEPT + HexFormat.of().formatHex(sha256(message.message().encoded().bytes()));
            return ctx.vertx().executeBlocking(() -> application(roomUri, message), false)
                    .compose(event -> event.map(this::submit).orElse(Future.succeededFuture()))
                    .compose(v -> ctx.vertx().executeBlocking(() -> {
                        // The router has it (or it was dropped for good): the plaintext is no longer needed.
                        ctx.store().state().delete(ctx.name(), kept);
                        return (Void) null;
                    }, false));
        }
        dropped("proposal", roomUri + ": standalone proposals are not processed");
        return Future.succeededFuture();
    }

    private void welcome(String roomUri, FanoutMessage message) {
        byte[] bytes = message.message().encoded().bytes();
        // One Welcome holds a secret per added client; none left means every one of ours joined already (our own
        // commit joined them directly, or this is a retry after a crash).
        for (Optional<KeyPackages.Claimed> claimed = keys.forWelcome(message.message().welcome());
                claimed.isPresent(); claimed = keys.forWelcome(message.message().welcome())) {
            KeyPackages.Claimed c = claimed.get();
            Optional<LocalUser> user = users.find(c.userUri());
            if (user.isEmpty()) {
                dropped("welcome", roomUri + ": " + c.userUri() + " is no longer one of our users");
            } else {
                states.joinIfAbsent(roomUri, c.userUri(), () -> GroupState.join(user.get().client(), c.bundle(),
                        bytes, Map.of()));
            }
            keys.used(c);
        }
    }

    /**
     * Moves our members to the next epoch; our members the commit removes are forgotten instead. Gives a
     * MembershipChanged for each user the commit removes (see {@link CommitRemovals}), for the other networks.
     */
    private List<Event> commit(String roomUri, FanoutMessage message) {
        long epoch = message.message().epoch().getAsLong();
        byte[] bytes = message.message().encoded().bytes();
        Optional<GroupState> before = states.members(roomUri).stream().map(m -> states.load(roomUri, m))
                .flatMap(Optional::stream).filter(s -> s.epochNumber() == epoch).findFirst();
        CommitRemovals removals = before.map(s -> CommitRemovals.of(roomUri, s.tree(), message))
                .orElse(CommitRemovals.NONE);
        for (String member : states.members(roomUri)) {
            Optional<GroupState> state = states.load(roomUri, member);
            if (state.isEmpty() || state.get().epochNumber() != epoch) {
                // Joined after this commit, or already past it (a replay after a crash).
                continue;
            }
            if (removals.removes(member)) {
                states.remove(roomUri, member);
                continue;
            }
            try {
                states.update(roomUri, member, s -> s.receiveCommit(bytes));
            } catch (RuntimeException e) {
                rethrowStoreFailure(e);
                dropped("commit", roomUri + " epoch " + epoch + " for " + member + ": " + e.getMessage());
            }
        }
        return removals.events(message.timestamp());
    }

    private Optional<Event> application(String roomUri, FanoutMessage message) {
        long epoch = message.message().epoch().getAsLong();
        byte[] bytes = message.message().encoded().bytes();
        // Decrypting deletes the message's key, and the state is saved before the event reaches the journal: the
        // plaintext is kept (in the same commit as that save) until the router has the event, so that the hub's
        // redelivery after a crash in between finds it instead of a key that is gone.
        String kept = KEPT + HexFormat.of().formatHex(sha256(bytes));
        Opened opened;
        Optional<byte[]> earlier = ctx.store().state().get(ctx.name(), kept);
        if (earlier.isPresent()) {
            opened = Opened.decode(earlier.get());
        } else {
            Optional<String> reader = states.members(roomUri).stream()
                    .filter(m -> states.load(roomUri, m).map(s -> s.epochNumber() == epoch).orElse(false))
                    .findFirst();
            java.util.function.Function<GroupState, Opened> open = s -> {
                Received r = s.decrypt(bytes);
                Credential credential = s.tree().leaf(r.sender()).orElseThrow().credential();
                return new Opened(credential instanceof Credential.Basic b
                        ? new String(b.identity(), StandardCharsets.UTF_8) : "", r.plaintext());
            };
            // The plaintext is written in the commit that saves the state without the message's key.
            java.util.function.Function<Opened, List<StateChange>> keep =
                    o -> List.of(StateChange.put(kept, o.encode()));
            try {
                if (reader.isPresent()) {
                    opened = states.update(roomUri, reader.get(), open, keep);
                } else {
                    // Sent in the epoch before a commit our members applied already (the hub took it before the
                    // commit): read with a member's state of that epoch, which is kept for this.
                    Optional<Opened> late = Optional.empty();
                    for (String m : states.members(roomUri)) {
                        late = states.updatePrevious(roomUri, m, epoch, open, keep);
                        if (late.isPresent()) {
                            break;
                        }
                    }
                    if (late.isEmpty()) {
                        dropped("application", roomUri + ": none of our members is at epoch " + epoch);
                        return Optional.empty();
                    }
                    opened = late.get();
                }
            } catch (RuntimeException e) {
                rethrowStoreFailure(e);
                if (usedAlready(e)) {
                    // The hub sent it again (its record of our acknowledgement died with it): we have it already.
                    Counter.builder("passerelle.mimi.inbound.repeats").register(ctx.metrics()).increment();
                    LOG.debug("MIMI application {} received again: {}", roomUri, e.getMessage());
                    return Optional.empty();
                }
                dropped("application", roomUri + ": does not decrypt: " + e.getMessage());
                return Optional.empty();
            }
        }
        String senderIdentity = opened.sender();
        byte[] plaintext = opened.plaintext();
        MimiContent content;
        try {
            content = MimiContent.decode(plaintext);
        } catch (ContentException e) {
            // Not content: the other MIMI application data we read is a status report (told apart by its shape).
            Optional<MessageStatusReport> report = statusReport(plaintext);
            if (report.isPresent()) {
                return status(roomUri, senderIdentity, plaintext, report.get(), message.timestamp());
            }
            dropped("application", roomUri + ": content does not decode: " + e.getMessage());
            return Optional.empty();
        }
        // The sender named in the content must be the MLS member that sent it, and the room this room.
        if (!content.extensions().senderUri().map(senderIdentity::equals).orElse(false)
                || !content.extensions().roomUri().map(roomUri::equals).orElse(false)) {
            String why = roomUri + ": the content names " + content.extensions().senderUri()
                    + " in " + content.extensions().roomUri() + " but was sent by " + senderIdentity;
            counted("application");
            new AccessRefusals(ctx.metrics()).refused(AccessRefusals.Surface.MIMI, "sender_mismatch",
                    senderIdentity, why);
            return Optional.empty();
        }
        MimiToCanonical translator = new MimiToCanonical(this::known, this::reactionKey, EventId::random);
        InboundResult result = translator.translate(plaintext, content, Instant.ofEpochMilli(message.timestamp()));
        if (result instanceof InboundResult.Refused refused) {
            dropped("application", roomUri + ": " + refused.reason());
            return Optional.empty();
        }
        Event event = ((InboundResult.Translated) result).event();
        if (event instanceof ReactionAdded r) {
            ctx.store().state().put(ctx.name(), REACTION + r.id(), r.key().getBytes(StandardCharsets.UTF_8));
        }
        return Optional.of(event);
    }

    private static Optional<MessageStatusReport> statusReport(byte[] plaintext) {
        try {
            return Optional.of(MessageStatusReport.decode(plaintext));
        } catch (ContentException e) {
            return Optional.empty();
        }
    }

    private Optional<Event> status(String roomUri, String sender, byte[] plaintext, MessageStatusReport report,
            long timestamp) {
        MimiToCanonical translator = new MimiToCanonical(this::known, this::reactionKey, EventId::random);
        InboundResult result = translator.translateStatus(plaintext, report, sender, roomUri,
                Instant.ofEpochMilli(timestamp));
        if (result instanceof InboundResult.Refused refused) {
            dropped("status", roomUri + ": " + refused.reason());
            return Optional.empty();
        }
        return Optional.of(((InboundResult.Translated) result).event());
    }

    private Future<Void> submit(Event event) {
        String room = event.conversation().toUri();
        List<URI> urls = attachments(event);
        // Every room's URLs are recorded: a hosted room's for its peers' proxyDownload, a followed room's to know
        // whose proxyDownload to ask when we cannot fetch one ourselves.
        Future<Void> recorded = Future.succeededFuture();
        for (URI url : urls) {
            recorded = recorded.compose(v -> seen.apply(room, url));
        }
        return recorded.compose(v -> ctx.events().submit(event)).mapEmpty();
    }

    static final String REACTION = "dma/reaction/";
    /** Where a decrypted message waits for the router, by the SHA-256 of its ciphertext. */
    static final String KEPT = "dma/received/";

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A decrypted message: the identity of the member that sent it and its plaintext. */
    private record Opened(String sender, byte[] plaintext) {

        byte[] encode() {
            byte[] id = sender.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(4 + id.length + plaintext.length).putInt(id.length).put(id).put(plaintext)
                    .array();
        }

        static Opened decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] id = new byte[b.getInt()];
            b.get(id);
            byte[] plaintext = new byte[b.remaining()];
            b.get(plaintext);
            return new Opened(new String(id, StandardCharsets.UTF_8), plaintext);
        }
    }

    /** The event a MIMI message id names: one the router recorded, or one our connector has just sent. */
    private Optional<EventId> known(MessageId id) {
        Optional<EventId> recorded = ctx.store().messages().find(Network.MIMI, new NativeId(id.hex()));
        return recorded.isPresent() ? recorded : recent.find(id);
    }

    private Optional<String> reactionKey(EventId reaction) {
        return ctx.store().state().get(ctx.name(), REACTION + reaction).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The locations of an event's attachments (an encrypted part's is its ciphertext's URL). */
    static List<URI> attachments(Event event) {
        if (event instanceof MessageSent m) {
            return m.content().attachments().stream().map(a -> location(a.uri())).toList();
        }
        if (event instanceof MessageEdited e) {
            return e.newContent().attachments().stream().map(a -> location(a.uri())).toList();
        }
        return List.of();
    }

    private static URI location(URI uri) {
        return EncryptedPartUri.SCHEME.equalsIgnoreCase(uri.getScheme()) ? EncryptedPartUri.parse(uri).location()
                : uri;
    }

    /**
     * Throws {@code e} again when the store failed (unreachable, a timeout, a lock): that is not the event's fault,
     * and it is not dropped but failed, so that the hub sends it again (or our fan-out retries it) once the store
     * answers. The state was not saved, so the event's key is still there for that retry.
     */
    private static void rethrowStoreFailure(RuntimeException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof StoreException) {
                throw e;
            }
        }
    }

    /** Whether {@code e} refused a message because its key was used already: a second copy of one we had. */
    private static boolean usedAlready(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RatchetFailure r && r.used()) {
                return true;
            }
        }
        return false;
    }

    private void dropped(String kind, String why) {
        counted(kind);
        LOG.warn("MIMI {} dropped: {}", kind, why);
    }

    private void counted(String kind) {
        Counter.builder("passerelle.mimi.inbound.dropped").tag("kind", kind).register(ctx.metrics()).increment();
    }
}
