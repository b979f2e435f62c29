package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.provider.Participant;
import dev.passerelle.connector.dma.provider.ProviderRoom;
import dev.passerelle.connector.dma.provider.RoomPolicy;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Canonical membership and role events applied to MIMI rooms. JOIN and INVITE add the member's client (claiming its
 * KeyPackage) through one of our members of the room; LEAVE, KICK and BAN remove every client of the member with a
 * participant-list update in the same commit (BAN keeps the participant listed as banned); a role change rewrites
 * the participant's role. The committer is the ghost of the event's sender when it is one of our members of the
 * room (with its own rights: a change its role does not allow fails PERMANENT), else (a user's own leave, or a
 * sender not in the MIMI room) another of our members whose role allows the change. Removals and roles need the participant list, which
 * only the hub keeps: they are made in rooms we host, and UNSUPPORTED in rooms hosted elsewhere. An MLS commit cannot
 * remove its own committer, so our last member of a room cannot leave by itself (protocol-06 section 3.5 has the
 * hub cache the leaving client's proposals for the next committer; standalone proposals are not implemented): that
 * is UNSUPPORTED too.
 */
final class MembershipChanges {

    private final Vertx vertx;
    private final String provider;
    private final GhostNaming ghosts;
    private final MemberStates states;
    private final GatewayUsers users;
    private final Supplier<MimiRooms> rooms;

    MembershipChanges(Vertx vertx, String provider, GhostNaming ghosts, MemberStates states, GatewayUsers users,
            Supplier<MimiRooms> rooms) {
        this.vertx = vertx;
        this.provider = provider;
        this.ghosts = ghosts;
        this.states = states;
        this.users = users;
        this.rooms = rooms;
    }

    /** Applies {@code event}, a {@link MembershipChanged} or {@link RoleChanged}, to {@code room}. */
    Future<Void> apply(MimiRoomUri room, Event event) {
        MimiUserUri member;
        Optional<MimiUserUri> actor;
        try {
            actor = ours(event.sender());
            member = mimiUser(event instanceof RoleChanged r ? r.member() : ((MembershipChanged) event).member());
        } catch (GatewayException e) {
            return Future.failedFuture(e);
        }
        if (event instanceof RoleChanged r) {
            Optional<Long> index = roleIndex(r.role());
            if (index.isEmpty()) {
                return failed(GatewayException.Reason.UNSUPPORTED, "the MIMI room policy of our rooms has no role for "
                        + r.role() + " (admin and member only)");
            }
            return committer(room, member, actor, RoomPolicy.CAN_CHANGE_USER_ROLE)
                    .compose(c -> rooms.get().changeRole(room, c, member, index.get()));
        }
        MembershipChanged change = (MembershipChanged) event;
        MembershipChanged.Membership what = change.membership();
        if (what == MembershipChanged.Membership.JOIN || what == MembershipChanged.Membership.INVITE) {
            return join(room, member, actor);
        }
        return committer(room, member, actor, RoomPolicy.CAN_REMOVE_PARTICIPANT).compose(c -> rooms.get()
                .remove(room, c, member, what == MembershipChanged.Membership.BAN));
    }

    /**
     * Makes {@code member} a member of {@code room}: nothing if it is already; a room on our domain that does not
     * exist yet is created first (by {@code inviter}, else by {@code member}, whichever is one of our users); then
     * {@code inviter} (if one of our members of the room, else our first member there) adds it.
     */
    Future<Void> join(MimiRoomUri room, MimiUserUri member, Optional<MimiUserUri> inviter) {
        boolean ours = member.provider().equals(provider);
        Optional<MimiUserUri> creator = inviter.filter(users::bridged).or(() -> Optional.of(member)
                .filter(m -> ours && users.bridged(m)));
        return vertx.executeBlocking(() -> states.isMember(room.toUri(), member.toUri()), false).compose(already -> {
            if (already) {
                return Future.succeededFuture();
            }
            Future<Void> exists = creator.isPresent() ? rooms.get().ensureHosted(room, creator.get())
                    : Future.succeededFuture();
            return exists.compose(v -> vertx.executeBlocking(() -> {
                if (states.isMember(room.toUri(), member.toUri())) {
                    return Optional.<MimiUserUri>empty();
                }
                List<String> members = states.members(room.toUri());
                if (members.isEmpty()) {
                    throw new GatewayException(GatewayException.Reason.PERMANENT, "none of our users is a member of "
                            + room + ": a room hosted by another provider is joined when one of its users adds ours");
                }
                return Optional.of(inviter.filter(i -> members.contains(i.toUri()))
                        .orElse(GatewayUsers.parse(members.get(0)).orElseThrow()));
            }, false)).compose(by -> by.isEmpty() ? Future.succeededFuture()
                    : alreadyListed(room, member).compose(listed -> listed ? Future.succeededFuture()
                            : rooms.get().add(room, by.get(), List.of(member), true)));
        });
    }

    /** Whether {@code member}, not one of ours, is listed in a room we host already (an INVITE seen twice). */
    private Future<Boolean> alreadyListed(MimiRoomUri room, MimiUserUri member) {
        if (member.provider().equals(provider) || !room.provider().equals(provider)) {
            return Future.succeededFuture(false);
        }
        return rooms.get().hostedRoom(room).map(r -> r.participant(member.toUri())
                .map(p -> p.roleIndex() != RoomPolicy.BANNED).orElse(false));
    }

    /**
     * Which of our members of {@code room} commits a change about {@code member}: {@code actor} if it is one of them
     * (and its role holds {@code capability}), else the first of our other members whose role holds it; never
     * {@code member} itself.
     */
    private Future<MimiUserUri> committer(MimiRoomUri room, MimiUserUri member, Optional<MimiUserUri> actor,
            int capability) {
        return rooms.get().hostedRoom(room).compose(hosted -> vertx.executeBlocking(() -> {
            Optional<MimiUserUri> acting = actor.filter(u -> !u.equals(member))
                    .filter(u -> states.isMember(room.toUri(), u.toUri()));
            if (acting.isPresent()) {
                // The sender is in the room: it acts with its own rights, never with another member's.
                if (!allowed(hosted, acting.get().toUri(), capability)) {
                    throw new GatewayException(GatewayException.Reason.PERMANENT, acting.get() + "'s role in " + room
                            + " does not allow this change about " + member);
                }
                return acting.get();
            }
            for (String candidate : states.members(room.toUri())) {
                if (!candidate.equals(member.toUri()) && states.isMember(room.toUri(), candidate)
                        && allowed(hosted, candidate, capability)) {
                    return GatewayUsers.parse(candidate).orElseThrow();
                }
            }
            throw new GatewayException(GatewayException.Reason.UNSUPPORTED, "none of our other users in " + room
                    + " may make this change about " + member + " (a user's own leave needs a proposal the hub keeps"
                    + " for the next committer, protocol-06 section 3.5, which is not implemented)");
        }, false));
    }

    private static boolean allowed(ProviderRoom room, String user, int capability) {
        Optional<Participant> p = room.participant(user);
        return p.isPresent() && room.policy().allows(p.get().roleIndex(), capability);
    }

    /** The room policy role standing for a canonical role in the rooms we create ({@link RoomPolicy#groupRoom}). */
    static Optional<Long> roleIndex(Role role) {
        if (role == Role.OWNER || role == Role.ADMIN) {
            return Optional.of(RoomPolicy.ADMIN);
        }
        if (role == Role.MEMBER) {
            return Optional.of(RoomPolicy.MEMBER);
        }
        return Optional.empty();
    }

    /** Our ghost for {@code sender} (an XMPP or Matrix user), or {@code sender} if it is one of our MIMI users. */
    private Optional<MimiUserUri> ours(Address sender) {
        if (sender instanceof MimiUserUri m) {
            return Optional.of(m).filter(u -> u.provider().equals(provider));
        }
        if (sender.network() != Network.XMPP && sender.network() != Network.MATRIX) {
            return Optional.empty();
        }
        try {
            return Optional.of((MimiUserUri) ghosts.ghostFor(sender, Network.MIMI));
        } catch (IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The MIMI user an event is about: a MIMI user as is, an XMPP or Matrix user as its ghost. */
    private MimiUserUri mimiUser(Address member) {
        if (member instanceof MimiUserUri m) {
            return m;
        }
        return ours(member).orElseThrow(() -> new GatewayException(GatewayException.Reason.INVALID,
                member + " has no MIMI user address"));
    }

    private static <T> Future<T> failed(GatewayException.Reason reason, String message) {
        return Future.failedFuture(new GatewayException(reason, message));
    }
}
