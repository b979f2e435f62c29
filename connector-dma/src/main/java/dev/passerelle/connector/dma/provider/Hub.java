package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.protocol.FanoutMessage;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.SubmitMessageResponse;
import dev.passerelle.connector.dma.protocol.UpdateRequest;
import dev.passerelle.connector.dma.protocol.UpdateResponse;
import dev.passerelle.connector.dma.protocol.WireMessage;
import dev.passerelle.connector.dma.transport.PeerRefusedException;
import dev.passerelle.connector.dma.transport.RefusalReason;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.store.StateChange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub of the rooms that originate behind this provider (protocol-06 sections 4.3 and 5.3 to 5.5): checks each
 * message and room change against the participant list, the room policy and the current epoch, gives it the hub's
 * timestamp, and appends it to the room's fan-out log for every provider with participants (ourselves included,
 * through {@link LocalDelivery}), except the provider that sent it (section 5.5: the hub is not expected to send a
 * client's own message back). The log entry and the room record are written before the answer; the room record is
 * the commit point, so an answer of success means the {@link FanoutWorker} will deliver it, across restarts.
 *
 * <p>The hub does not process commits as an MLS member: it reads the PublicMessage (committer, added clients,
 * participant-list AppDataUpdates), keeps the participant list and the epoch, and relays the bytes. It does not
 * verify the commit's signature or membership tag; a peer can only act for its own users (the committer's
 * credential must be on the peer's domain). Our own member state follows the room through {@link LocalDelivery}
 * like any follower's. Calls for one hub are serialised.
 */
public final class Hub {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final Vertx vertx;
    private final String ownDomain;
    private final ProviderState state;
    private final Clock clock;
    private final FanoutWorker fanout;

    /** A hub for {@code ownDomain}'s rooms, logging to {@code store} and waking {@code fanout} after each change. */
    public Hub(Vertx vertx, String ownDomain, ProviderStore store, Clock clock, FanoutWorker fanout) {
        if (vertx == null || ownDomain == null || store == null || clock == null || fanout == null) {
            throw new IllegalArgumentException("no argument may be null");
        }
        this.vertx = vertx;
        this.ownDomain = ownDomain;
        this.state = new ProviderState(store);
        this.clock = clock;
        this.fanout = fanout;
    }

    /**
     * Records a room created behind us (a local operation, section 3.1): its URI must be on our domain; the MLS
     * group is at {@code epoch}. Fails if the room exists.
     */
    public Future<ProviderRoom> create(String roomUri, RoomPolicy policy, List<Participant> participants, long epoch) {
        return blocking(() -> createNow(roomUri, policy, participants, epoch));
    }

    private synchronized ProviderRoom createNow(String roomUri, RoomPolicy policy, List<Participant> participants,
            long epoch) {
        if (!MimiUris.domainOf(roomUri).equals(ownDomain)) {
            throw new IllegalArgumentException("a room we host is on our domain " + ownDomain + ": " + roomUri);
        }
        if (state.room(roomUri).isPresent()) {
            throw new RoomExists(roomUri);
        }
        ProviderRoom room = ProviderRoom.hosted(roomUri, policy, participants, epoch);
        state.putRoom(room);
        return room;
    }

    /** The room as the hub knows it, if we host it. */
    public Future<Optional<ProviderRoom>> room(String roomUri) {
        return blocking(() -> state.room(roomUri).filter(r -> r.role() == ProviderRoom.Role.HUB));
    }

    /**
     * submitMessage (section 5.4) from {@code peerDomain} (our own domain for our users' messages): the sender must
     * be on that domain (else {@link PeerRefusedException}), a participant whose role may send; the message's
     * epoch must be the room's (older: epochTooOld with the current epoch; newer: notAllowed). Fails NOT_FOUND for
     * a room we do not host.
     */
    public Future<SubmitMessageResponse> accept(String roomUri, SubmitMessageRequest request, String peerDomain) {
        return blocking(() -> acceptNow(roomUri, request, peerDomain)).onSuccess(r -> fanout.wake(roomUri));
    }

    /**
     * update (section 5.3) from {@code peerDomain}: a commit in the room's current epoch (else wrongEpoch with the
     * current epoch) whose participant-list changes the committer's role allows (a fixed-membership room accepts
     * no added or removed participant) and whose added clients belong to participants. Accepted commits move the
     * room to the next epoch; a Welcome goes to the providers of the added users. Standalone proposals are refused
     * (notAllowed) for now. Fails NOT_FOUND for a room we do not host.
     */
    public Future<UpdateResponse> update(String roomUri, UpdateRequest request, String peerDomain) {
        return blocking(() -> updateNow(roomUri, request, peerDomain, List.of())).onSuccess(r -> fanout.wake(roomUri));
    }

    /**
     * As {@link #update}, on the caller's thread (a worker): for a commit of one of our own members. If the change is
     * accepted, {@code alongside} (our members' states past the commit, writes of this hub's store) is written in the
     * same commit as the room's new epoch, so that no crash can leave the room in an epoch our members are not in.
     */
    public UpdateResponse updateWith(String roomUri, UpdateRequest request, String peerDomain,
            List<StateChange> alongside) {
        UpdateResponse response = updateNow(roomUri, request, peerDomain, alongside);
        fanout.wake(roomUri);
        return response;
    }

    private synchronized SubmitMessageResponse acceptNow(String roomUri, SubmitMessageRequest request,
            String peerDomain) {
        ProviderRoom room = hosted(roomUri);
        String sender = request.sendingUri().uri();
        String senderDomain = MimiUris.tryDomainOf(sender).orElse("");
        if (!senderDomain.equals(peerDomain)) {
            throw new PeerRefusedException(RefusalReason.DOMAIN_MISMATCH,
                    "the sender " + sender + " is not a user of " + peerDomain);
        }
        Optional<Participant> participant = room.participant(sender);
        if (participant.isEmpty() || !room.policy().allows(participant.get().roleIndex(),
                RoomPolicy.CAN_SEND_MESSAGE)) {
            return SubmitMessageResponse.notAllowed();
        }
        long epoch = request.appMessage().epoch().getAsLong();
        if (Long.compareUnsigned(epoch, room.epoch()) < 0) {
            return SubmitMessageResponse.epochTooOld(room.epoch());
        }
        if (epoch != room.epoch()) {
            return SubmitMessageResponse.notAllowed();
        }
        long timestamp = timestamp(room);
        FanoutMessage message = FanoutMessage.application(timestamp, request.appMessage(), Optional.empty());
        Set<String> recipients = new LinkedHashSet<>(room.domains());
        recipients.remove(peerDomain);
        commit(room, List.of(new ProviderState.LogEntry(recipients, message.toBytes())), room, timestamp, List.of());
        return SubmitMessageResponse.accepted(timestamp, Optional.empty());
    }

    private synchronized UpdateResponse updateNow(String roomUri, UpdateRequest request, String peerDomain,
            List<StateChange> alongside) {
        ProviderRoom room = hosted(roomUri);
        if (request.epoch() != room.epoch()) {
            return UpdateResponse.wrongEpoch(room.epoch(), "the room is at epoch " + Long.toUnsignedString(
                    room.epoch()));
        }
        if (!request.isCommit()) {
            return UpdateResponse.notAllowed("standalone proposals are not accepted by this hub yet");
        }
        CommitView commit;
        try {
            commit = CommitView.of(request);
        } catch (CommitView.Refused e) {
            return UpdateResponse.notAllowed(e.getMessage());
        }
        if (!MimiUris.domainOf(commit.committer()).equals(peerDomain)) {
            throw new PeerRefusedException(RefusalReason.DOMAIN_MISMATCH,
                    "the committer " + commit.committer() + " is not a user of " + peerDomain);
        }
        Optional<Participant> actor = room.participant(commit.committer());
        if (actor.isEmpty() || actor.get().roleIndex() == RoomPolicy.BANNED) {
            return UpdateResponse.notAllowed(commit.committer() + " is not a participant of the room");
        }
        List<Participant> participants = room.participants();
        List<String> newUsers = new ArrayList<>();
        for (ParticipantListUpdate update : commit.listUpdates()) {
            Optional<String> refusal = refusal(room, actor.get(), update);
            if (refusal.isPresent()) {
                return UpdateResponse.notAllowed(refusal.get());
            }
            try {
                participants = update.applyTo(participants);
            } catch (IllegalArgumentException e) {
                return UpdateResponse.notAllowed(e.getMessage());
            }
            update.added().forEach(p -> newUsers.add(p.user()));
        }
        for (String user : commit.addedUsers()) {
            Optional<Participant> p = participants.stream().filter(x -> x.user().equals(user)).findFirst();
            if (p.isEmpty() || p.get().roleIndex() == RoomPolicy.BANNED) {
                return UpdateResponse.notAllowed("the commit adds a client of " + user
                        + ", who is not a participant of the room");
            }
            newUsers.add(user);
        }
        long timestamp = timestamp(room);
        List<ProviderState.LogEntry> entries = new ArrayList<>();
        Set<String> commitRecipients = new LinkedHashSet<>(room.domains());
        commitRecipients.remove(peerDomain);
        entries.add(new ProviderState.LogEntry(commitRecipients,
                FanoutMessage.commit(timestamp, request.proposalOrCommit(), List.of()).toBytes()));
        if (request.welcome().isPresent()) {
            Set<String> welcomeRecipients = new LinkedHashSet<>();
            newUsers.forEach(u -> welcomeRecipients.add(MimiUris.domainOf(u)));
            entries.add(new ProviderState.LogEntry(welcomeRecipients, FanoutMessage.welcome(timestamp,
                    WireMessage.of(request.welcome().get()), request.ratchetTreeOption().orElseThrow()).toBytes()));
        }
        ProviderRoom next = room.withMembers(participants, room.epoch() + 1);
        commit(room, entries, next, timestamp, alongside);
        LOG.info("{} moved {} to epoch {} with a commit by {} adding {}", peerDomain, roomUri, next.epoch(),
                commit.committer(), commit.addedUsers());
        return UpdateResponse.success(timestamp);
    }

    /** Why the room policy refuses {@code update} by {@code actor}, if it does. */
    private static Optional<String> refusal(ProviderRoom room, Participant actor, ParticipantListUpdate update) {
        RoomPolicy policy = room.policy();
        if (policy.fixedMembership() && (!update.added().isEmpty() || !update.removedIndices().isEmpty())) {
            return Optional.of("the room has fixed membership: no participant can be added or removed");
        }
        if (!update.added().isEmpty() && !policy.allows(actor.roleIndex(), RoomPolicy.CAN_ADD_PARTICIPANT)) {
            return Optional.of(actor.user() + " may not add participants");
        }
        for (Participant added : update.added()) {
            if (!policy.roles().containsKey(added.roleIndex())) {
                return Optional.of("role " + added.roleIndex() + " does not exist in the room");
            }
        }
        for (long index : update.removedIndices()) {
            if (index < room.participants().size()
                    && room.participants().get((int) index).user().equals(actor.user())) {
                return Optional.of("a committer cannot remove itself from the participant list");
            }
            if (!policy.allows(actor.roleIndex(), RoomPolicy.CAN_REMOVE_PARTICIPANT)) {
                return Optional.of(actor.user() + " may not remove participants");
            }
        }
        for (ParticipantListUpdate.RoleChange change : update.changedRoles()) {
            if (!policy.allows(actor.roleIndex(), RoomPolicy.CAN_CHANGE_USER_ROLE)) {
                return Optional.of(actor.user() + " may not change roles");
            }
            if (!policy.roles().containsKey(change.roleIndex())) {
                return Optional.of("role " + change.roleIndex() + " does not exist in the room");
            }
            if (change.userIndex() < room.participants().size()
                    && room.participants().get((int) change.userIndex()).user().equals(actor.user())) {
                return Optional.of("a committer cannot change its own role");
            }
        }
        return Optional.empty();
    }

    private ProviderRoom hosted(String roomUri) {
        return state.room(roomUri).filter(r -> r.role() == ProviderRoom.Role.HUB).orElseThrow(
                () -> new GatewayException(GatewayException.Reason.NOT_FOUND,
                        "no room " + roomUri + " is hosted here"));
    }

    private long timestamp(ProviderRoom room) {
        return Math.max(clock.millis(), room.lastTimestamp());
    }

    /**
     * Log entries first, then the room record, whose put is the commit point where the store writes keys one at a
     * time, then what the caller writes alongside; all in one commit where it has transactions.
     */
    private void commit(ProviderRoom before, List<ProviderState.LogEntry> entries, ProviderRoom after,
            long timestamp, List<StateChange> alongside) {
        state.together(() -> {
            ProviderRoom room = after;
            long sequence = before.nextSequence();
            Set<String> lanes = new LinkedHashSet<>();
            for (ProviderState.LogEntry entry : entries) {
                state.putLog(before.roomUri(), sequence++, entry);
                lanes.addAll(entry.recipients());
                room = room.withLogged(timestamp);
            }
            state.addLanes(before.roomUri(), lanes);
            state.putRoom(room);
            state.alongside(alongside);
        });
    }

    private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }
}
