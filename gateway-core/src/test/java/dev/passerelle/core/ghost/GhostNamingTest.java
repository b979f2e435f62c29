package dev.passerelle.core.ghost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Worked examples of the ghost naming scheme; the properties cover the general case. */
class GhostNamingTest {
    private final GhostNaming naming = new GhostNaming(GhostSpaces.defaults());

    /** Real address, target network, expected ghost (all as URIs). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "xmpp:alice@example.org | matrix | matrix:u/_passerelle_xalice%3D40example.org:localhost",
        "xmpp:alice@example.org | mimi | mimi://localhost/u/xalice%40example.org",
        "xmpp:room@muc.example.org/Nick | matrix | matrix:u/_passerelle_xroom%3D40muc.example.org%3D2f_nick:localhost",
        "xmpp:ji%C5%99i@%C4%8Dechy.example | matrix | matrix:u/_passerelle_xji%3Dc5%3D99i%3D40%3Dc4%3D8dechy.example:localhost",
        "matrix:u/alice:example.org | xmpp | xmpp:m%5C40alice%5C3aexample.org@gw.localhost",
        "matrix:u/Alice:example.org | xmpp | xmpp:m%5C40_alice%5C3aexample.org@gw.localhost",
        "matrix:u/_discord_1:example.org | xmpp | xmpp:m%5C40__discord__1%5C3aexample.org@gw.localhost",
        "matrix:u/alice:example.org | mimi | mimi://localhost/u/m%40alice%3Aexample.org",
        "matrix:roomid/AbC | xmpp | xmpp:m!_ab_c@gw.localhost",
        "matrix:roomid/abc:example.org | mimi | mimi://localhost/r/m%21abc%3Aexample.org",
        "matrix:r/caf%C3%A9:example.org | xmpp | xmpp:m%23caf%5Cc3%5Ca9%5C3aexample.org@gw.localhost",
        "mimi://p.example/u/Carol | matrix | matrix:u/_passerelle_ip.example%3D2fu%3D2f_carol:localhost",
        "mimi://p.example/u/Carol | xmpp | xmpp:ip.example%5C2fu%5C2f_carol@gw.localhost",
        "mimi://p.example/r/club | matrix | matrix:r/_passerelle_ip.example%3D2fr%3D2fclub:localhost"})
    void namesGhostsAsDocumented(String real, String target, String ghost) {
        Address address = Addresses.parse(real);
        Address made = naming.ghostFor(address, Network.fromId(target));
        assertThat(made.toUri()).isEqualTo(ghost);
        assertThat(naming.realFor(made)).contains(address);
    }

    @Test
    void readableFormsOfTheExamples() {
        assertThat(naming.ghostFor(Jid.of("alice", "example.org"), Network.MATRIX))
                .hasToString("@_passerelle_xalice=40example.org:localhost");
        assertThat(naming.ghostFor(MatrixUserId.parse("@alice:example.org"), Network.XMPP))
                .hasToString("m\\40alice\\3aexample.org@gw.localhost");
    }

    @Test
    void portalsOfMucRoomsAreRoomsOnTheTarget() {
        Jid muc = Jid.of("room", "muc.example.org");
        Address alias = naming.portalFor(muc, Network.MATRIX);
        assertThat(alias).isEqualTo(new MatrixRoomAlias("_passerelle_xroom=40muc.example.org", "localhost"));
        Address mimiRoom = naming.portalFor(muc, Network.MIMI);
        assertThat(mimiRoom).isEqualTo(new MimiRoomUri("localhost", "xroom@muc.example.org"));
        assertThat(naming.realFor(alias)).contains(muc);
        assertThat(naming.realFor(mimiRoom)).contains(muc);
        assertThat(naming.ghostFor(muc, Network.MATRIX)).isNotEqualTo(alias);
    }

    @Test
    void portalsOfTypedRoomsMatchTheirGhosts() {
        MatrixRoomId room = MatrixRoomId.parse("!abc:example.org");
        assertThat(naming.portalFor(room, Network.XMPP)).isEqualTo(naming.ghostFor(room, Network.XMPP));
        assertThat(naming.portalFor(room, Network.MIMI)).isInstanceOf(MimiRoomUri.class);
    }

    @Test
    void sameLookingAddressesOfDifferentNetworksGetDifferentGhosts() {
        Address jid = Jid.of("alice", "example.org");
        Address mxid = new MatrixUserId("alice", "example.org");
        Address mimi = new MimiUserUri("example.org", "alice");
        assertThat(naming.ghostFor(jid, Network.MIMI)).isNotEqualTo(naming.ghostFor(mxid, Network.MIMI));
        assertThat(naming.ghostFor(jid, Network.MATRIX)).isNotEqualTo(naming.ghostFor(mimi, Network.MATRIX));
        assertThat(naming.ghostFor(mxid, Network.XMPP)).isNotEqualTo(naming.ghostFor(mimi, Network.XMPP));
    }

    @Test
    void refusesTheRealAddressesOwnNetwork() {
        assertThatThrownBy(() -> naming.ghostFor(Jid.of("alice", "example.org"), Network.XMPP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already lives there");
        assertThatThrownBy(() -> naming.portalFor(MatrixRoomId.parse("!abc"), Network.MATRIX))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUsersAsPortals() {
        assertThatThrownBy(() -> naming.portalFor(MatrixUserId.parse("@alice:example.org"), Network.XMPP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a user");
        assertThatThrownBy(() -> naming.portalFor(new MimiUserUri("p.example", "carol"), Network.MATRIX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a user");
    }

    @Test
    void refusesGhostsOverTheTargetsLengthLimit() {
        Jid longJid = Jid.of("a".repeat(240), "example.org");
        assertThatThrownBy(() -> naming.ghostFor(longJid, Network.MATRIX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ghost on matrix for xmpp:aaa")
                .hasMessageContaining("over the limit of 255");
        assertThat(naming.ghostFor(longJid, Network.MIMI)).isInstanceOf(MimiUserUri.class);
    }

    /** Names in our spaces that no real address maps to, and names outside our spaces. */
    @ParameterizedTest
    @ValueSource(strings = {
        "matrix:u/alice:localhost",
        "matrix:u/_passerelle_xalice%3D40example.org:example.org",
        "matrix:u/_passerelle_:localhost",
        "matrix:u/_passerelle_x:localhost",
        "matrix:u/_passerelle_zfoo:localhost",
        "matrix:u/_passerelle_x%3D61lice%3D40example.org:localhost",
        "matrix:u/_passerelle_xalice%3D4:localhost",
        "matrix:u/_passerelle_xalice%3D40example.org_:localhost",
        "matrix:u/_passerelle_xalice%3Dc3%3D28:localhost",
        "matrix:u/_passerelle_m%3D40alice%3D3aexample.org:localhost",
        "matrix:u/_passerelle_ip.example%3D2fr%3D2fclub:localhost",
        "matrix:r/_passerelle_ip.example%3D2fu%3D2fcarol:localhost",
        "matrix:roomid/_passerelle_xalice%3D40example.org:localhost",
        "xmpp:m%5C40alice%5C3aexample.org@gw.example.org",
        "xmpp:m%5C40alice%5C3aexample.org@gw.localhost/res",
        "xmpp:xalice%5C40example.org@gw.localhost",
        "xmpp:m%5C40alice%5C3aexample.org%5C@gw.localhost",
        "xmpp:m%5C40alice%5C3aexample.org_@gw.localhost",
        "xmpp:m%5C40alice%5C3aexample%5C2eorg@gw.localhost",
        "xmpp:gw.localhost",
        "mimi://localhost/r/m@alice:example.org",
        "mimi://localhost/u/m!abc",
        "mimi://localhost/u/xalice@Example.org",
        "mimi://localhost/u/iP.example%2Fu%2Fcarol",
        "mimi://localhost/u/ip.example%2Fd%2Fcarol",
        "mimi://other.example/u/xalice@example.org",
        "mimi://localhost/u/alice"})
    void realForIsEmptyForAnythingItDidNotName(String uri) {
        Address address = Addresses.parse(uri);
        assertThat(naming.realFor(address)).isEmpty();
        assertThat(naming.isGhost(address)).isFalse();
    }

    @Test
    void isGhostRecognisesItsOwnNames() {
        Address real = MatrixRoomId.parse("!AbC");
        assertThat(naming.isGhost(naming.ghostFor(real, Network.XMPP))).isTrue();
        assertThat(naming.isGhost(real)).isFalse();
    }

    @Test
    void usesTheConfiguredSpaces() {
        GhostNaming custom = new GhostNaming(new GhostSpaces("bridge.example.org", "example.org:8448", "xmpp_",
                "gw.example"));
        Address ghost = custom.ghostFor(Jid.of("alice", "example.org"), Network.MATRIX);
        assertThat(ghost).isEqualTo(new MatrixUserId("xmpp_xalice=40example.org", "example.org:8448"));
        assertThat(custom.ghostFor(new MatrixUserId("a", "b"), Network.XMPP))
                .isEqualTo(new Jid(Optional.of("m\\40a\\3ab"), "bridge.example.org", Optional.empty()));
        assertThat(custom.realFor(ghost)).contains(Jid.of("alice", "example.org"));
        assertThat(naming.realFor(ghost)).isEmpty();
    }
}
