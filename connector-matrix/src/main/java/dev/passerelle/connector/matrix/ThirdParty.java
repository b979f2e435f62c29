package dev.passerelle.connector.matrix;

import dev.passerelle.connector.matrix.appservice.ThirdPartyLocation;
import dev.passerelle.connector.matrix.appservice.ThirdPartyProtocol;
import dev.passerelle.connector.matrix.appservice.ThirdPartyUser;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The third-party lookups: how a Matrix client finds the portal of an XMPP or MIMI room and the ghost of an
 * XMPP or MIMI user, and back. Pure: names come from the core's ghost naming, nothing is created here (the
 * alias or user query that follows creates the portal or registers the ghost).
 *
 * <p>Fields: {@code xmpp} users by {@code jid}, rooms by {@code room} (a MUC JID); {@code mimi} users and
 * rooms by {@code uri}.
 */
final class ThirdParty {
    static final String XMPP = "xmpp";
    static final String MIMI = "mimi";
    private static final String JID_REGEXP = "[^@/\\s]+@[^@/\\s]+";

    private final GhostNaming naming;

    ThirdParty(GhostNaming naming) {
        this.naming = naming;
    }

    Optional<ThirdPartyProtocol> protocol(String protocol) {
        if (protocol.equals(XMPP)) {
            return Optional.of(new ThirdPartyProtocol(List.of("jid"), List.of("room"), "",
                    Map.of("jid", new ThirdPartyProtocol.FieldType(JID_REGEXP, "alice@example.org"),
                            "room", new ThirdPartyProtocol.FieldType(JID_REGEXP, "room@conference.example.org")),
                    List.of(new ThirdPartyProtocol.Instance("XMPP", Optional.empty(), Map.of(), XMPP))));
        }
        if (protocol.equals(MIMI)) {
            return Optional.of(new ThirdPartyProtocol(List.of("uri"), List.of("uri"), "",
                    Map.of("uri", new ThirdPartyProtocol.FieldType("mimi://.+", "mimi://provider.example/u/carol")),
                    List.of(new ThirdPartyProtocol.Instance("MIMI", Optional.empty(), Map.of(), MIMI))));
        }
        return Optional.empty();
    }

    List<ThirdPartyLocation> locations(String protocol, Map<String, String> fields) {
        Optional<Address> room = protocol.equals(XMPP) ? parse(fields.get("room")).filter(a -> a instanceof Jid)
                : protocol.equals(MIMI) ? parse(fields.get("uri")).filter(a -> a instanceof MimiRoomUri)
                : Optional.empty();
        return room.flatMap(this::location).map(List::of).orElse(List.of());
    }

    List<ThirdPartyUser> users(String protocol, Map<String, String> fields) {
        Optional<Address> user = protocol.equals(XMPP) ? parse(fields.get("jid")).filter(a -> a instanceof Jid)
                : protocol.equals(MIMI) ? parse(fields.get("uri")).filter(a -> a instanceof MimiUserUri)
                : Optional.empty();
        return user.flatMap(this::user).map(List::of).orElse(List.of());
    }

    List<ThirdPartyLocation> locations(MatrixRoomAlias alias) {
        return naming.realFor(alias).flatMap(this::location).map(List::of).orElse(List.of());
    }

    List<ThirdPartyUser> users(MatrixUserId ghost) {
        return naming.realFor(ghost).flatMap(this::user).map(List::of).orElse(List.of());
    }

    private Optional<ThirdPartyLocation> location(Address room) {
        MatrixRoomAlias alias;
        try {
            alias = (MatrixRoomAlias) naming.portalFor(room, Network.MATRIX);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (room instanceof Jid jid) {
            return Optional.of(new ThirdPartyLocation(alias, XMPP, Map.of("room", jid.toString())));
        }
        if (room instanceof MimiRoomUri) {
            return Optional.of(new ThirdPartyLocation(alias, MIMI, Map.of("uri", room.toUri())));
        }
        return Optional.empty();
    }

    private Optional<ThirdPartyUser> user(Address user) {
        Address ghost;
        try {
            ghost = naming.ghostFor(user, Network.MATRIX);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!(ghost instanceof MatrixUserId id)) {
            return Optional.empty();
        }
        if (user instanceof Jid jid) {
            return Optional.of(new ThirdPartyUser(id, XMPP, Map.of("jid", jid.toString())));
        }
        if (user instanceof MimiUserUri) {
            return Optional.of(new ThirdPartyUser(id, MIMI, Map.of("uri", user.toUri())));
        }
        return Optional.empty();
    }

    /** A field value as an address: a URI, or for XMPP a plain JID; empty when it is neither. */
    private static Optional<Address> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.contains(":") ? Addresses.parse(value) : Jid.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
