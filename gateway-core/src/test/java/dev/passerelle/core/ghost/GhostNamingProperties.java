package dev.passerelle.core.ghost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressArbitraries;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Ghost names round-trip, are valid on their network, never collide, and nothing else passes for one. */
class GhostNamingProperties {
    private static final String JID_GHOST_LOCALPART = "[a-z0-9!#$%()*+,\\-.;=?\\[\\]^`{|}~\\\\_]+";
    private static final String MATRIX_CURRENT_LOCALPART = "[a-z0-9._=\\-/+]+";

    @Property
    void realForInvertsGhostForOnEveryOtherNetwork(@ForAll("namings") GhostNaming naming,
            @ForAll("addresses") Address real) {
        for (Network target : otherNetworks(real)) {
            Address ghost = naming.ghostFor(real, target);
            assertThat(naming.realFor(ghost)).as("real address of %s", ghost).contains(real);
            assertThat(naming.isGhost(ghost)).isTrue();
            if (isRoomType(real) || real instanceof Jid) {
                Address portal = naming.portalFor(real, target);
                assertThat(naming.realFor(portal)).as("real room of %s", portal).contains(real);
            }
        }
    }

    @Property
    void ghostsAreValidAddressesOfTheTarget(@ForAll("namings") GhostNaming naming,
            @ForAll("addresses") Address real) {
        for (Network target : otherNetworks(real)) {
            List<Address> names = new ArrayList<>(List.of(naming.ghostFor(real, target)));
            if (isRoomType(real) || real instanceof Jid) {
                names.add(naming.portalFor(real, target));
            }
            for (Address ghost : names) {
                assertThat(ghost.network()).isEqualTo(target);
                assertThat(Addresses.parse(ghost.toUri())).isEqualTo(ghost);
                assertInOurSpace(naming.spaces(), ghost);
            }
        }
    }

    @Property
    void distinctAddressesGetDistinctGhosts(@ForAll("namings") GhostNaming naming,
            @ForAll("addressLists") List<Address> reals) {
        for (Network target : Network.values()) {
            Map<Address, String> firstOwner = new HashMap<>();
            for (Address real : new HashSet<>(reals)) {
                if (real.network() == target) {
                    continue;
                }
                claim(firstOwner, naming.ghostFor(real, target), "ghost of " + real);
                if (real instanceof Jid) {
                    claim(firstOwner, naming.portalFor(real, target), "portal of " + real);
                }
            }
        }
    }

    @Property
    void caseSurvivesOnEveryTarget(@ForAll("namings") GhostNaming naming, @ForAll("caseTwins") List<Address> twins) {
        Address lower = twins.get(0);
        Address upper = twins.get(1);
        assertThat(lower).isNotEqualTo(upper);
        for (Network target : otherNetworks(lower)) {
            Address lowerGhost = naming.ghostFor(lower, target);
            Address upperGhost = naming.ghostFor(upper, target);
            assertThat(lowerGhost).isNotEqualTo(upperGhost);
            assertThat(naming.realFor(lowerGhost)).contains(lower);
            assertThat(naming.realFor(upperGhost)).contains(upper);
        }
    }

    @Property
    void sameLookingAddressesOfDifferentNetworksNeverCollide(@ForAll("namings") GhostNaming naming,
            @ForAll("plainNames") String name, @ForAll("hosts") String host) {
        List<Address> lookalikes = List.of(Jid.of(name, host), new MatrixUserId(name, host),
                new MimiUserUri(host, name), Jid.of(name, host).withResource(name),
                new MatrixRoomAlias(name, host), new MatrixRoomId(name, Optional.of(host)), new MimiRoomUri(host, name));
        for (Network target : Network.values()) {
            Map<Address, String> firstOwner = new HashMap<>();
            for (Address real : lookalikes) {
                if (real.network() != target) {
                    claim(firstOwner, naming.ghostFor(real, target), "ghost of " + real.toUri());
                }
            }
        }
    }

    @Property
    void refusesTheRealAddressesOwnNetwork(@ForAll("namings") GhostNaming naming, @ForAll("addresses") Address real) {
        assertThatThrownBy(() -> naming.ghostFor(real, real.network())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> naming.portalFor(real, real.network())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Whatever realFor accepts is exactly the name ghostFor or portalFor gives its answer. */
    @Property
    void realForAcceptsOnlyExactGhosts(@ForAll("lookalikeGhosts") Address candidate) {
        GhostNaming naming = new GhostNaming(GhostSpaces.defaults());
        Optional<Address> real = naming.realFor(candidate);
        real.ifPresent(r -> {
            boolean roomSlot = candidate instanceof MatrixRoomAlias || candidate instanceof MimiRoomUri;
            BiFunction<Address, Network, Address> name = roomSlot ? naming::portalFor : naming::ghostFor;
            assertThat(name.apply(r, candidate.network())).isEqualTo(candidate);
        });
    }

    @Provide
    Arbitrary<Address> addresses() {
        return AddressArbitraries.anyAddress();
    }

    @Provide
    Arbitrary<List<Address>> addressLists() {
        return AddressArbitraries.anyAddress().list().ofMinSize(2).ofMaxSize(25);
    }

    @Provide
    Arbitrary<GhostNaming> namings() {
        return Arbitraries.of(GhostSpaces.defaults(),
                new GhostSpaces("bridge.example.org", "Matrix.Example.org:8448", "xmpp_", "gw.example"))
                .map(GhostNaming::new);
    }

    @Provide
    Arbitrary<String> plainNames() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10);
    }

    @Provide
    Arbitrary<String> hosts() {
        return AddressArbitraries.hostnames().map(h -> h.toLowerCase(java.util.Locale.ROOT));
    }

    /** Two addresses of a case-sensitive kind that differ only in the case of one letter. */
    @Provide
    Arbitrary<List<Address>> caseTwins() {
        Arbitrary<String> head = Arbitraries.strings().alpha().numeric().withChars("_-").ofMaxLength(20);
        Arbitrary<String> tail = Arbitraries.strings().alpha().numeric().withChars("_-").ofMaxLength(20);
        Arbitrary<Character> letter = Arbitraries.chars().range('a', 'z');
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
        return Combinators.combine(head, letter, tail, kind, AddressArbitraries.hostnames()).as((h, c, t, k, host) -> {
            String lower = h + c + t;
            String upper = h + Character.toUpperCase(c) + t;
            return List.of(twin(k, lower, host), twin(k, upper, host));
        });
    }

    private static Address twin(int kind, String text, String host) {
        switch (kind) {
            case 0:
                return new MatrixRoomId(text, Optional.empty());
            case 1:
                return new MatrixUserId(text, host);
            case 2:
                return new MatrixRoomAlias(text, host);
            case 3:
                return new MimiUserUri(host, text);
            case 4:
                return new MimiRoomUri(host, text);
            default:
                return Jid.of("occupant", host).withResource(text);
        }
    }

    /**
     * Names in the default ghost spaces that look like ghosts: real ghosts with one character replaced by one
     * the escapings use (which makes non-canonical escapes such as {@code =61} for {@code a}), and made-up
     * strings of those characters.
     */
    @Provide
    Arbitrary<Address> lookalikeGhosts() {
        GhostNaming naming = new GhostNaming(GhostSpaces.defaults());
        Arbitrary<Address> mutated = Combinators.combine(AddressArbitraries.anyAddress(),
                Arbitraries.integers().between(1, 2), Arbitraries.doubles().between(0, 1),
                Arbitraries.of('_', '=', '\\', '0', '6', 'a', 'f', 'x', 'm', 'i', '.', '-', '!'))
                .as((real, shift, where, replacement) -> {
                    Network target = Network.values()[(real.network().ordinal() + shift) % Network.values().length];
                    return mutate(naming.ghostFor(real, target), where, replacement);
                });
        Arbitrary<String> matrixish = Arbitraries.strings().withChars("xmi_=0123456789abcdef.-").ofMinLength(1)
                .ofMaxLength(16);
        Arbitrary<String> mimiish = Arbitraries.strings().withChars("xmiu/r@:!#_aAbB.").ofMinLength(1).ofMaxLength(16);
        Arbitrary<Address> users = matrixish.map(l -> new MatrixUserId("_passerelle_" + l, "localhost"));
        Arbitrary<Address> mimiRooms = mimiish.map(n -> new MimiRoomUri("localhost", n));
        return Arbitraries.oneOf(mutated, mutated, users, mimiRooms);
    }

    /** The ghost with the character at a fraction of its escaped name replaced, where that keeps it valid. */
    private static Address mutate(Address ghost, double where, char replacement) {
        if (ghost instanceof Jid) {
            String local = ((Jid) ghost).localpart().orElseThrow();
            char c = replacement == '=' ? '\\' : replacement;
            return Jid.of(replaceAt(local, 0, where, c), ((Jid) ghost).domainpart());
        }
        if (ghost instanceof MatrixUserId) {
            MatrixUserId user = (MatrixUserId) ghost;
            char c = replacement == '\\' ? '=' : replacement;
            return new MatrixUserId(replaceAt(user.localpart(), "_passerelle_".length(), where, c), user.serverName());
        }
        if (ghost instanceof MatrixRoomAlias) {
            MatrixRoomAlias alias = (MatrixRoomAlias) ghost;
            char c = replacement == '\\' ? '=' : replacement;
            return new MatrixRoomAlias(replaceAt(alias.localpart(), "_passerelle_".length(), where, c),
                    alias.serverName());
        }
        if (ghost instanceof MimiUserUri) {
            MimiUserUri user = (MimiUserUri) ghost;
            return new MimiUserUri(user.provider(), replaceAt(user.user(), 0, where, replacement));
        }
        MimiRoomUri room = (MimiRoomUri) ghost;
        return new MimiRoomUri(room.provider(), replaceAt(room.room(), 0, where, replacement));
    }

    /** Replaces one character at or after {@code from}, never splitting a surrogate pair. */
    private static String replaceAt(String s, int from, double where, char c) {
        int at = from + (int) (where * (s.length() - from - 1));
        if (Character.isSurrogate(s.charAt(at))) {
            return s.substring(0, from) + c + s.substring(from);
        }
        return s.substring(0, at) + c + s.substring(at + 1);
    }

    private static void claim(Map<Address, String> firstOwner, Address ghost, String owner) {
        String previous = firstOwner.putIfAbsent(ghost, owner);
        assertThat(previous).as("%s is both the %s and the %s", ghost, previous, owner).isNull();
    }

    private static List<Network> otherNetworks(Address real) {
        List<Network> others = new ArrayList<>(List.of(Network.values()));
        others.remove(real.network());
        return others;
    }

    private static boolean isRoomType(Address a) {
        return a instanceof MatrixRoomId || a instanceof MatrixRoomAlias || a instanceof MimiRoomUri;
    }

    private static void assertInOurSpace(GhostSpaces spaces, Address ghost) {
        if (ghost instanceof Jid) {
            Jid jid = (Jid) ghost;
            assertThat(jid.domainpart()).isEqualTo(spaces.xmppDomain());
            assertThat(jid.resourcepart()).isEmpty();
            assertThat(jid.localpart()).hasValueSatisfying(l -> assertThat(l).matches(JID_GHOST_LOCALPART));
        } else if (ghost instanceof MatrixUserId) {
            MatrixUserId user = (MatrixUserId) ghost;
            assertThat(user.serverName()).isEqualTo(spaces.matrixServer());
            assertThat(user.localpart()).startsWith(spaces.matrixPrefix()).matches(MATRIX_CURRENT_LOCALPART);
            assertThat(user.hasHistoricalLocalpart()).isFalse();
        } else if (ghost instanceof MatrixRoomAlias) {
            MatrixRoomAlias alias = (MatrixRoomAlias) ghost;
            assertThat(alias.serverName()).isEqualTo(spaces.matrixServer());
            assertThat(alias.localpart()).startsWith(spaces.matrixPrefix()).matches(MATRIX_CURRENT_LOCALPART);
        } else if (ghost instanceof MimiUserUri) {
            assertThat(((MimiUserUri) ghost).provider()).isEqualTo(spaces.mimiProvider());
        } else {
            assertThat(((MimiRoomUri) ghost).provider()).isEqualTo(spaces.mimiProvider());
        }
    }
}
