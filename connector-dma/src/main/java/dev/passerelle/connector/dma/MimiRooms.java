package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.mls.crypto.KeyPair;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.Proposal;
import dev.passerelle.connector.dma.mls.state.Committed;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.KeyPackageBundle;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.connector.dma.mls.tree.Credential;
import dev.passerelle.connector.dma.protocol.GroupInfoOption;
import dev.passerelle.connector.dma.protocol.KeyMaterialRequest;
import dev.passerelle.connector.dma.protocol.KeyMaterialResponse;
import dev.passerelle.connector.dma.protocol.Opaque;
import dev.passerelle.connector.dma.protocol.PartialGroupInfo;
import dev.passerelle.connector.dma.protocol.RatchetTreeOption;
import dev.passerelle.connector.dma.protocol.RequiredCapabilities;
import dev.passerelle.connector.dma.protocol.UpdateRequest;
import dev.passerelle.connector.dma.protocol.UpdateResponse;
import dev.passerelle.connector.dma.protocol.WireMessage;
import dev.passerelle.connector.dma.provider.Follower;
import dev.passerelle.connector.dma.provider.Hub;
import dev.passerelle.connector.dma.provider.KeyPackages;
import dev.passerelle.connector.dma.provider.Participant;
import dev.passerelle.connector.dma.provider.ParticipantListUpdate;
import dev.passerelle.connector.dma.provider.ProviderRoom;
import dev.passerelle.connector.dma.provider.RoomExists;
import dev.passerelle.connector.dma.provider.RoomPolicy;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room changes made by our users: creating a room we host (also on a linked room's first delivery), adding users to
 * a room (ours or hosted elsewhere), and, in rooms we host, removing or banning users and changing their roles.
 * An addition claims each new user's KeyPackage (from our own {@link KeyPackages} for our users, from the user's
 * provider otherwise), commits the Add proposals with a participant-list AppDataUpdate, and sends the commit to the
 * hub; once it is accepted, the committer moves to the new epoch, our other members apply the commit (the hub does
 * not send a provider its own commits back) and our added users join from the Welcome at once.
 */
final class MimiRooms {

    private static final Logger LOG = LoggerFactory.getLogger(MimiRooms.class);

    private final Vertx vertx;
    private final String provider;
    private final MemberStates states;
    private final GatewayUsers users;
    private final SecureRandom random;
    private final Clock clock;
    private final Hub hub;
    private final Follower follower;
    private final KeyPackages keys;
    private final MimiHttpClient client;
    private final Map<String, Future<Void>> creating = new HashMap<>();

    MimiRooms(Vertx vertx, String provider, MemberStates states, GatewayUsers users, SecureRandom random, Clock clock,
            Hub hub, Follower follower, KeyPackages keys, MimiHttpClient client) {
        this.vertx = vertx;
        this.provider = provider;
        this.states = states;
        this.users = users;
        this.random = random;
        this.clock = clock;
        this.hub = hub;
        this.follower = follower;
        this.keys = keys;
        this.client = client;
    }

    /**
     * Creates {@code room} on our domain with {@code creator} (one of our users) as its first member and adds
     * {@code others}. A one-to-one room has fixed membership: both participants are listed at creation and nobody
     * can be added or removed afterwards.
     */
    Future<Void> create(MimiRoomUri room, boolean oneToOne, MimiUserUri creator, List<MimiUserUri> others) {
        if (!room.provider().equals(provider)) {
            return failed(GatewayException.Reason.INVALID, "a room we create is on " + provider + ": " + room);
        }
        if (oneToOne && others.size() != 1) {
            return failed(GatewayException.Reason.INVALID, "a one-to-one room has exactly two participants");
        }
        List<Participant> participants = new ArrayList<>();
        participants.add(new Participant(creator.toUri(), oneToOne ? RoomPolicy.MEMBER : RoomPolicy.ADMIN));
        if (oneToOne) {
            participants.add(new Participant(others.get(0).toUri(), RoomPolicy.MEMBER));
        }
        // Checked before the creator's group state is made, which would replace the state of an existing room.
        Future<Void> absent = hub.room(room.toUri()).compose(known -> known.isEmpty() ? Future.succeededFuture()
                : Future.failedFuture(new RoomExists(room.toUri())));
        return absent.compose(none -> vertx.executeBlocking(() -> {
            if (!users.bridged(creator)) {
                throw new GatewayException(GatewayException.Reason.INVALID, creator + " is not one of our users");
            }
            MlsClient c = users.client(creator);
            GroupState group = GroupState.create(c, keyPackage(c), room.toUri().getBytes(StandardCharsets.UTF_8),
                    List.of(), random);
            states.save(room.toUri(), creator.toUri(), group);
            return null;
        }, false)).compose(v -> hub.create(room.toUri(), oneToOne ? RoomPolicy.fixedMembershipRoom()
                : RoomPolicy.groupRoom(), participants, 0))
                .compose(created -> add(room, creator, others, !oneToOne));
    }

    /** {@code inviter} (one of our members of {@code room}) adds {@code invitees} as members. */
    Future<Void> add(MimiRoomUri room, MimiUserUri inviter, List<MimiUserUri> invitees, boolean listThem) {
        if (invitees.isEmpty()) {
            return Future.succeededFuture();
        }
        Future<List<KeyPackage>> claimed = Future.succeededFuture(new ArrayList<>());
        for (MimiUserUri invitee : invitees) {
            claimed = claimed.compose(list -> claim(room, inviter, invitee).map(kp -> {
                list.add(kp);
                return list;
            }));
        }
        Optional<ParticipantListUpdate> update = listThem ? Optional.of(ParticipantListUpdate.adding(
                invitees.stream().map(u -> new Participant(u.toUri(), RoomPolicy.MEMBER)).toList()))
                : Optional.empty();
        return claimed.compose(kps -> vertx.executeBlocking(() -> {
            if (!states.isMember(room.toUri(), inviter.toUri())) {
                throw new GatewayException(GatewayException.Reason.INVALID, inviter + " is not a member of " + room);
            }
            List<Proposal.Custom> custom = new ArrayList<>();
            update.ifPresent(u -> custom.add(Proposal.AppDataUpdate.update(ParticipantListUpdate.COMPONENT_ID,
                    u.toBytes()).toProposal()));
            return states.read(room.toUri(), inviter.toUri(),
                    s -> s.commit(kps, List.of(), custom, MlsMessage.PUBLIC_MESSAGE, random));
        }, false)).compose(committed -> submit(room, inviter, committed, Set.of()).compose(applied ->
                vertx.executeBlocking(() -> {
            // Every epoch change costs the rendered-ahead deliveries of the room a new encryption: say why it came.
            LOG.info("{} added {} to {} (epoch {})", inviter, invitees, room, committed.next().epochNumber());
            applyOwn(room, inviter, committed, applied);
            return null;
        }, false)));
    }

    /**
     * Makes sure {@code room}, on our domain, exists: if our hub does not know it and none of our users is a member,
     * it is created as a group room with {@code creator} as its administrator and only member. This is how a room an
     * operator linked comes to exist: on its first delivery. Concurrent calls for one room create it once.
     */
    Future<Void> ensureHosted(MimiRoomUri room, MimiUserUri creator) {
        if (!room.provider().equals(provider)) {
            return Future.succeededFuture();
        }
        synchronized (creating) {
            Future<Void> pending = creating.get(room.toUri());
            if (pending != null) {
                return pending;
            }
            Future<Void> made = hub.room(room.toUri()).compose(known -> {
                if (known.isPresent() || !states.members(room.toUri()).isEmpty()) {
                    return Future.succeededFuture();
                }
                return create(room, false, creator, List.of());
            });
            creating.put(room.toUri(), made);
            made.onComplete(done -> {
                synchronized (creating) {
                    creating.remove(room.toUri());
                }
            });
            return made;
        }
    }

    /**
     * {@code committer} (one of our members of {@code room}, a room we host) removes every client of {@code member}
     * from the MLS group and, in the same commit, from the participant list; with {@code ban}, the participant stays
     * listed with the banned role (room policy section 8.1.3) so that it cannot be added again. Nothing to do if
     * {@code member} is neither listed nor in the group.
     */
    Future<Void> remove(MimiRoomUri room, MimiUserUri committer, MimiUserUri member, boolean ban) {
        if (committer.equals(member)) {
            return failed(GatewayException.Reason.INVALID, "an MLS commit cannot remove its own committer");
        }
        return hostedRoom(room).compose(known -> {
            List<Participant> list = known.participants();
            int index = indexOf(list, member.toUri());
            Optional<ParticipantListUpdate> update = Optional.empty();
            if (index >= 0 && !(ban && list.get(index).roleIndex() == RoomPolicy.BANNED)) {
                update = Optional.of(ban
                        ? new ParticipantListUpdate(List.of(new ParticipantListUpdate.RoleChange(index,
                                RoomPolicy.BANNED)), List.of(), List.of())
                        : new ParticipantListUpdate(List.of(), List.of((long) index), List.of()));
            }
            Optional<ParticipantListUpdate> change = update;
            return vertx.executeBlocking(() -> {
                requireMember(room, committer);
                List<Integer> leaves = states.read(room.toUri(), committer.toUri(),
                        s -> MemberIdentities.leavesOf(s.tree(), member.toUri()));
                if (leaves.isEmpty() && change.isEmpty()) {
                    return Optional.<Committed>empty();
                }
                List<Proposal.Custom> custom = new ArrayList<>();
                change.ifPresent(u -> custom.add(Proposal.AppDataUpdate.update(ParticipantListUpdate.COMPONENT_ID,
                        u.toBytes()).toProposal()));
                return Optional.of(states.read(room.toUri(), committer.toUri(),
                        s -> s.commit(List.of(), leaves, custom, MlsMessage.PUBLIC_MESSAGE, random)));
            }, false).compose(committed -> committed.isEmpty() ? Future.succeededFuture()
                    : submit(room, committer, committed.get(), Set.of(member.toUri())).compose(applied ->
                            vertx.executeBlocking(() -> {
                        LOG.info("{} {} {} from {} (epoch {})", committer, ban ? "banned" : "removed", member, room,
                                committed.get().next().epochNumber());
                        states.remove(room.toUri(), member.toUri());
                        applyOwn(room, committer, committed.get(), applied);
                        return null;
                    }, false)));
        });
    }

    /** {@code committer} (one of our members of {@code room}, a room we host) gives {@code member} role {@code roleIndex}. */
    Future<Void> changeRole(MimiRoomUri room, MimiUserUri committer, MimiUserUri member, long roleIndex) {
        return hostedRoom(room).compose(known -> {
            if (!known.policy().roles().containsKey(roleIndex)) {
                return failed(GatewayException.Reason.UNSUPPORTED, "the room " + room + " has no role " + roleIndex);
            }
            int index = indexOf(known.participants(), member.toUri());
            if (index < 0) {
                return failed(GatewayException.Reason.PERMANENT, member + " is not a participant of " + room);
            }
            if (known.participants().get(index).roleIndex() == roleIndex) {
                return Future.succeededFuture();
            }
            ParticipantListUpdate update = new ParticipantListUpdate(
                    List.of(new ParticipantListUpdate.RoleChange(index, roleIndex)), List.of(), List.of());
            return vertx.executeBlocking(() -> {
                requireMember(room, committer);
                return states.read(room.toUri(), committer.toUri(), s -> s.commit(List.of(), List.of(),
                        List.of(Proposal.AppDataUpdate.update(ParticipantListUpdate.COMPONENT_ID, update.toBytes())
                                .toProposal()), MlsMessage.PUBLIC_MESSAGE, random));
            }, false).compose(committed -> submit(room, committer, committed, Set.of()).compose(applied ->
                    vertx.executeBlocking(() -> {
                LOG.info("{} gave {} role {} in {} (epoch {})", committer, member, roleIndex, room,
                        committed.next().epochNumber());
                applyOwn(room, committer, committed, applied);
                return null;
            }, false)));
        });
    }

    /** The participant list of {@code room}, which we must host: rooms hosted elsewhere keep theirs at their hub. */
    Future<ProviderRoom> hostedRoom(MimiRoomUri room) {
        return hub.room(room.toUri()).compose(known -> known.isPresent() ? Future.succeededFuture(known.get())
                : failed(GatewayException.Reason.UNSUPPORTED, "removals and role changes are made in rooms we host: "
                        + room + " is hosted by " + room.provider() + ", whose participant list we do not keep (a"
                        + " user's own leave there needs proposals its hub keeps for the next committer, protocol-06"
                        + " section 3.5, which is not implemented)"));
    }

    private void requireMember(MimiRoomUri room, MimiUserUri user) {
        if (!states.isMember(room.toUri(), user.toUri())) {
            throw new GatewayException(GatewayException.Reason.INVALID, user + " is not a member of " + room);
        }
    }

    private static int indexOf(List<Participant> list, String user) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).user().equals(user)) {
                return i;
            }
        }
        return -1;
    }

    private Future<KeyPackage> claim(MimiRoomUri room, MimiUserUri inviter, MimiUserUri invitee) {
        KeyPair key = GatewayUsers.SUITE.generateSignatureKeyPair(random);
        KeyMaterialRequest request = KeyPackages.request(key,
                new Credential.Basic(inviter.toUri().getBytes(StandardCharsets.UTF_8)), inviter.toUri(),
                invitee.toUri(), room.toUri(), RequiredCapabilities.none());
        Future<KeyMaterialResponse> response = invitee.provider().equals(provider)
                ? vertx.executeBlocking(() -> keys.claim(request, invitee.toUri(), provider), false)
                : KeyPackages.claimAt(client, invitee.provider(), request);
        return response.compose(r -> {
            if (r.userStatus() != KeyMaterialResponse.UserCode.SUCCESS || r.clients().isEmpty()
                    || r.clients().get(0).keyPackage().isEmpty()) {
                return failed(GatewayException.Reason.PERMANENT, "no KeyPackage for " + invitee + ": "
                        + r.userStatus());
            }
            return Future.succeededFuture(r.clients().get(0).keyPackage().get());
        });
    }

    /**
     * Hands our commit to the room's hub; true when our members' states past it were written with it (we are the
     * hub: in the same store commit as the room's new epoch), false when they are left to {@link #applyOwn}, after
     * the hub's answer. Members in {@code leaving} are removed by the commit.
     */
    private Future<Boolean> submit(MimiRoomUri room, MimiUserUri committer, Committed committed,
            Set<String> leaving) {
        UpdateRequest request = UpdateRequest.commit(WireMessage.parse(committed.commitMessage()),
                committed.welcomeMessage().map(w -> WireMessage.parse(w).welcome()),
                // The hub does not use the GroupInfo (it does not serve groupInfo yet): a partial one, unsigned.
                GroupInfoOption.partial(new PartialGroupInfo(PartialGroupInfo.RatchetTreePresence.PRESENT, List.of(),
                        Opaque.of(new byte[64]))),
                RatchetTreeOption.full(committed.next().tree()));
        String hubDomain = room.provider();
        boolean ours = hubDomain.equals(provider);
        Future<UpdateResponse> answer = ours
                ? vertx.executeBlocking(() -> states.commitOwn(room.toUri(), committer.toUri(), committed.next(),
                        committed.commitMessage(), leaving,
                        changes -> hub.updateWith(room.toUri(), request, provider, changes),
                        r -> r.responseCode() == UpdateResponse.Code.SUCCESS), false)
                : follower.updateAtHub(room.toUri(), request);
        return answer.compose(r -> {
            if (r.responseCode() == UpdateResponse.Code.SUCCESS) {
                return Future.succeededFuture(ours);
            }
            if (r.responseCode() == UpdateResponse.Code.WRONG_EPOCH) {
                return failed(GatewayException.Reason.TRANSIENT, "the room " + room + " moved on: "
                        + r.errorDescription());
            }
            return failed(GatewayException.Reason.PERMANENT, "the hub of " + room + " refused the change ("
                    + r.responseCode() + "): " + r.errorDescription());
        });
    }

    /**
     * After the hub accepted our commit: the committer, our other members and our added users follow it. When
     * {@code applied} (we are the hub), the members already moved with the room's epoch.
     */
    private void applyOwn(MimiRoomUri room, MimiUserUri committer, Committed committed, boolean applied) {
        String roomUri = room.toUri();
        if (!applied) {
            states.followOwn(roomUri, committer.toUri(), committed.next(), committed.commitMessage());
        }
        if (committed.welcomeMessage().isEmpty()) {
            return;
        }
        byte[] w = committed.welcomeMessage().get();
        // One Welcome holds a secret for each added client: join each of ours.
        for (Optional<KeyPackages.Claimed> claimed = keys.forWelcome(WireMessage.parse(w).welcome());
                claimed.isPresent(); claimed = keys.forWelcome(WireMessage.parse(w).welcome())) {
            KeyPackages.Claimed c = claimed.get();
            users.find(c.userUri()).ifPresent(u -> states.joinIfAbsent(roomUri, c.userUri(),
                    () -> GroupState.join(u.client(), c.bundle(), w, Map.of())));
            keys.used(c);
        }
    }

    private KeyPackageBundle keyPackage(MlsClient c) {
        long now = clock.instant().getEpochSecond();
        return c.newKeyPackage(now - 60, now + 3600, false, random);
    }

    private static <T> Future<T> failed(GatewayException.Reason reason, String message) {
        return Future.failedFuture(new GatewayException(reason, message));
    }
}
