package dev.passerelle.core.ghost;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import java.util.Objects;
import java.util.Optional;

/**
 * Names the ghosts (users) and portals (rooms) that stand on one network for addresses of another, and reads
 * them back. Pure and thread-safe; every connector uses this one scheme.
 *
 * <p>A ghost name is a source key (a network tag and the full real address, such as
 * {@code xalice@example.org} or {@code m@alice:example.org}) written in the target's grammar:
 * <ul>
 *   <li>XMPP: the JID {@code <key escaped by LocalpartCodec.JID>@xmppDomain}, for users and rooms alike,
 *       e.g. {@code m\40alice\3aexample.org@gw.localhost};</li>
 *   <li>Matrix: the user {@code @<prefix><key escaped by LocalpartCodec.MATRIX>:matrixServer}, e.g.
 *       {@code @_passerelle_xalice=40example.org:localhost}, or for rooms the alias {@code #<prefix>...};</li>
 *   <li>MIMI: {@code mimi://mimiProvider/u/<key>} or {@code /r/<key>}: MIMI names are case-sensitive text, so
 *       the key needs no escaping beyond the URI's percent-encoding.</li>
 * </ul>
 * Both escapings turn upper-case letters into {@code _} + lower case, so case-sensitive sources (Matrix ids,
 * MIMI names, JID resources) keep their case through JID case-folding, and escape every non-ASCII byte, which
 * JID normalisation would otherwise rewrite. Distinct real addresses therefore get distinct ghosts, and
 * {@link #realFor(Address)} inverts {@link #ghostFor(Address, Network)} exactly.
 */
public final class GhostNaming {
    private final GhostSpaces spaces;

    public GhostNaming(GhostSpaces spaces) {
        this.spaces = Objects.requireNonNull(spaces, "spaces");
    }

    public GhostSpaces spaces() {
        return spaces;
    }

    /**
     * The address on {@code target} that stands for {@code real}: a user's ghost, or the portal of a room when
     * the address type says it is one (Matrix room ids and aliases, MIMI rooms). A JID is taken for a user;
     * use {@link #portalFor(Address, Network)} for a MUC room.
     *
     * @throws IllegalArgumentException if {@code real} is on {@code target} already, or its ghost name would
     *     break the target's length limit (255 bytes for a Matrix id)
     */
    public Address ghostFor(Address real, Network target) {
        Objects.requireNonNull(real, "real");
        return place(real, target, isRoom(real));
    }

    /**
     * The address on {@code target} that stands for the room {@code room} (a MUC JID, a Matrix room id or
     * alias, a MIMI room): an alias on Matrix, a {@code /r/} URI on MIMI, a JID on XMPP.
     *
     * @throws IllegalArgumentException if {@code room} is a user address, is on {@code target} already, or its
     *     portal name would break the target's length limit
     */
    public Address portalFor(Address room, Network target) {
        Objects.requireNonNull(room, "room");
        if (room instanceof MatrixUserId || room instanceof MimiUserUri) {
            throw new IllegalArgumentException(room.toUri() + " is a user, not a room");
        }
        return place(room, target, true);
    }

    /**
     * The real address a ghost or portal stands for; empty for anything outside the gateway's spaces (another
     * domain, server, prefix or provider) or not exactly a name this class would make. A ghost JID is bare:
     * callers holding a full JID take {@link Jid#bare()} first.
     */
    public Optional<Address> realFor(Address ghost) {
        Objects.requireNonNull(ghost, "ghost");
        return escapedKey(ghost)
                .flatMap(SourceKey::parse)
                .filter(real -> real.network() != ghost.network())
                .filter(real -> ghost.equals(expected(real, ghost).orElse(null)));
    }

    /** True if the address is one of the gateway's own ghosts or portals. */
    public boolean isGhost(Address address) {
        return realFor(address).isPresent();
    }

    private Address place(Address real, Network target, boolean room) {
        Objects.requireNonNull(target, "target");
        if (real.network() == target) {
            throw new IllegalArgumentException("no ghost on " + target.id() + " for " + real.toUri()
                    + ": it already lives there");
        }
        String key = SourceKey.of(real);
        try {
            switch (target) {
                case XMPP:
                    return Jid.of(LocalpartCodec.JID.escape(key), spaces.xmppDomain());
                case MATRIX:
                    String local = spaces.matrixPrefix() + LocalpartCodec.MATRIX.escape(key);
                    return room ? new MatrixRoomAlias(local, spaces.matrixServer())
                            : new MatrixUserId(local, spaces.matrixServer());
                case MIMI:
                    return room ? new MimiRoomUri(spaces.mimiProvider(), key)
                            : new MimiUserUri(spaces.mimiProvider(), key);
                default:
                    throw new IllegalArgumentException("unknown network " + target);
            }
        } catch (AddressException tooLong) {
            throw new IllegalArgumentException("no ghost on " + target.id() + " for " + real.toUri() + ": "
                    + tooLong.getMessage(), tooLong);
        }
    }

    /** The escaped key inside a name in our spaces, before checking that it decodes. */
    private Optional<String> escapedKey(Address ghost) {
        if (ghost instanceof Jid) {
            Jid jid = (Jid) ghost;
            if (!jid.domainpart().equals(spaces.xmppDomain()) || jid.resourcepart().isPresent()) {
                return Optional.empty();
            }
            return jid.localpart().flatMap(LocalpartCodec.JID::unescape);
        }
        if (ghost instanceof MatrixUserId) {
            MatrixUserId user = (MatrixUserId) ghost;
            return matrixKey(user.localpart(), user.serverName());
        }
        if (ghost instanceof MatrixRoomAlias) {
            MatrixRoomAlias alias = (MatrixRoomAlias) ghost;
            return matrixKey(alias.localpart(), alias.serverName());
        }
        if (ghost instanceof MimiUserUri) {
            MimiUserUri user = (MimiUserUri) ghost;
            return user.provider().equals(spaces.mimiProvider()) ? Optional.of(user.user()) : Optional.empty();
        }
        if (ghost instanceof MimiRoomUri) {
            MimiRoomUri room = (MimiRoomUri) ghost;
            return room.provider().equals(spaces.mimiProvider()) ? Optional.of(room.room()) : Optional.empty();
        }
        // Room ids are chosen by the homeserver, never by us.
        return Optional.empty();
    }

    private Optional<String> matrixKey(String localpart, String server) {
        if (!server.equals(spaces.matrixServer()) || !localpart.startsWith(spaces.matrixPrefix())) {
            return Optional.empty();
        }
        return LocalpartCodec.MATRIX.unescape(localpart.substring(spaces.matrixPrefix().length()));
    }

    /** What this class names {@code real} in the slot (user or room) the ghost occupies. */
    private Optional<Address> expected(Address real, Address ghost) {
        boolean roomSlot = ghost instanceof MatrixRoomAlias || ghost instanceof MimiRoomUri;
        try {
            return Optional.of(roomSlot ? portalFor(real, ghost.network()) : ghostFor(real, ghost.network()));
        } catch (IllegalArgumentException notNameable) {
            return Optional.empty();
        }
    }

    private static boolean isRoom(Address address) {
        return address instanceof MatrixRoomId || address instanceof MatrixRoomAlias || address instanceof MimiRoomUri;
    }
}
