package dev.passerelle.core.ghost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressGens;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Ghost names round-trip, are valid on their network, never collide, and nothing else passes for one. Each
 * property runs QuickTheories' default 1000 examples.
 */
class GhostNamingPropertiesTest {
    private static final String JID_GHOST_LOCALPART = "[a-z0-9!#$%()*+,\\-.;=?\\[\\]^`{|}~\\\\_]+";
    private static final String MATRIX_CURRENT_LOCALPART = "[a-z0-9._=\\-/+]+";

    @Test
    void realForInvertsGhostForOnEveryOtherNetwork() {
        qt().forAll(namings(), AddressGens.anyAddress()).checkAssert((naming, real) -> {
            for (Network target : otherNetworks(real)) {
                Address ghost = naming.ghostFor(real, target);
                assertThat(naming.realFor(ghost)).as("real address of %s", ghost).contains(real);
                assertThat(naming.isGhost(ghost)).isTrue();
                if (isRoomType(real) || real instanceof Jid) {
                    Address portal = naming.portalFor(real, target);
                    assertThat(naming.realFor(portal)).as("real room of %s", portal).contains(real);
                }
            }
        });
    }

    @Test
    void ghostsAreValidAddressesOfTheTarget() {
        qt().forAll(namings(), AddressGens.anyAddress()).checkAssert((naming, real) -> {
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
        });
    }

    @Test
    void distinctAddressesGetDistinctGhosts() {
        Gen<List<Address>> addressLists = lists().of(AddressGens.anyAddress()).ofSizeBetween(2, 25);
        qt().forAll(namings(), addressLists).checkAssert((naming, reals) -> {
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
        });
    }

    @Test
    void caseSurvivesOnEveryTarget() {
        qt().forAll(namings(), caseTwins()).checkAssert((naming, twins) -> {
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
        });
    }

    @Test
    void sameLookingAddressesOfDifferentNetworksNeverCollide() {
        Gen<String> plainNames = AddressGens.stringsOf("abcdefghijklmnopqrstuvwxyz0123456789", 1, 10);
        Gen<String> hosts = AddressGens.hostnames().map(h -> h.toLowerCase(Locale.ROOT));
        qt().forAll(namings(), plainNames, hosts).checkAssert((naming, name, host) -> {
            List<Address> lookalikes = List.of(Jid.of(name, host), new MatrixUserId(name, host),
                    new MimiUserUri(host, name), Jid.of(name, host).withResource(name),
                    new MatrixRoomAlias(name, host), new MatrixRoomId(name, Optional.of(host)),
                    new MimiRoomUri(host, name));
            for (Network target : Network.values()) {
                Map<Address, String> firstOwner = new HashMap<>();
                for (Address real : lookalikes) {
                    if (real.network() != target) {
                        claim(firstOwner, naming.ghostFor(real, target), "ghost of " + real.toUri());
                    }
                }
            }
        });
    }

    @Test
    void refusesTheRealAddressesOwnNetwork() {
        qt().forAll(namings(), AddressGens.anyAddress()).checkAssert((naming, real) -> {
            assertThatThrownBy(() -> naming.ghostFor(real, real.network()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> naming.portalFor(real, real.network()))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    /** Whatever realFor accepts is exactly the name ghostFor or portalFor gives its answer. */
    @Test
    void realForAcceptsOnlyExactGhosts() {
        GhostNaming naming = new GhostNaming(GhostSpaces.defaults());
        qt().forAll(lookalikeGhosts()).checkAssert(candidate -> {
            Optional<Address> real = naming.realFor(candidate);
            real.ifPresent(r -> {
                boolean roomSlot = candidate instanceof MatrixRoomAlias || candidate instanceof MimiRoomUri;
                BiFunction<Address, Network, Address> name = roomSlot ? naming::portalFor : naming::ghostFor;
                assertThat(name.apply(r, candidate.network())).isEqualTo(candidate);
            });
        });
    }

    private static Gen<GhostNaming> namings() {
        return Generate.pick(List.of(GhostSpaces.defaults(),
                new GhostSpaces("bridge.example.org", "Matrix.Example.org:8448", "xmpp_", "gw.example")))
                .map(GhostNaming::new)
                .describedAs(n -> "naming in " + n.spaces());
    }

    /** Two addresses of a case-sensitive kind that differ only in the case of one letter. */
    private static Gen<List<Address>> caseTwins() {
        Gen<String> head = AddressGens.stringsOf(AddressGens.ALPHANUMERIC + "_-", 0, 20);
        Gen<String> tail = AddressGens.stringsOf(AddressGens.ALPHANUMERIC + "_-", 0, 20);
        Gen<Character> letter = integers().between('a', 'z').map(c -> (char) c.intValue());
        Gen<Integer> kind = integers().between(0, 5);
        return head.zip(letter, tail, kind, AddressGens.hostnames(), (h, c, t, k, host) -> {
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
     * strings of those characters. Half are mutated ghosts, a quarter each made-up Matrix users and MIMI rooms.
     */
    private static Gen<Address> lookalikeGhosts() {
        GhostNaming naming = new GhostNaming(GhostSpaces.defaults());
        Gen<Character> replacements = Generate.pick(
                List.of('_', '=', '\\', '0', '6', 'a', 'f', 'x', 'm', 'i', '.', '-', '!'));
        Gen<Address> mutated = AddressGens.anyAddress().zip(integers().between(1, 2), doubles().between(0, 1),
                replacements, (real, shift, where, replacement) -> {
                    Network target = Network.values()[(real.network().ordinal() + shift) % Network.values().length];
                    return mutate(naming.ghostFor(real, target), where, replacement);
                });
        Gen<Address> users = AddressGens.stringsOf("xmi_=0123456789abcdef.-", 1, 16)
                .map(l -> new MatrixUserId("_passerelle_" + l, "localhost"));
        Gen<Address> mimiRooms = AddressGens.stringsOf("xmiu/r@:!#_aAbB.", 1, 16)
                .map(n -> new MimiRoomUri("localhost", n));
        return Generate.frequency(List.of(Pair.of(2, mutated), Pair.of(1, users), Pair.of(1, mimiRooms)));
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
