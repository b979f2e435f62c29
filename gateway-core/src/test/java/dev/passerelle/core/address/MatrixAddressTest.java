package dev.passerelle.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Matrix identifiers and URIs, with the examples of the spec's appendices. */
class MatrixAddressTest {
    /** A room version 12 id: 43 characters of unpadded URL-safe base64, no server. */
    private static final String V12_OPAQUE = "31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM";

    @ParameterizedTest
    @ValueSource(strings = {"matrix.org", "matrix.org:8888", "1.2.3.4", "1.2.3.4:1234", "[1234:5678::abcd]",
        "[1234:5678::abcd]:5678", "Example.ORG"})
    void acceptsTheSpecsServerNamesAsWritten(String server) {
        MatrixUserId user = new MatrixUserId("alice", server);
        assertThat(user.serverName()).isEqualTo(server);
        assertThat(MatrixUserId.parse("@alice:" + server)).isEqualTo(user);
        assertThat(Addresses.parse(user.toUri())).isEqualTo(user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"matrix.org:", "matrix.org:123456", "matrix.org:http", "[1234:5678::abcd",
        "[test::1]", "exa_mple.org", "example.org/x", "ex ample.org"})
    void rejectsInvalidServerNames(String server) {
        assertThatThrownBy(() -> new MatrixUserId("alice", server))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("server name"));
    }

    @Test
    void printsAndParsesTheUriForms() {
        assertThat(MatrixUserId.parse("@alice:example.org").toUri()).isEqualTo("matrix:u/alice:example.org");
        assertThat(MatrixRoomAlias.parse("#somewhere:example.org").toUri()).isEqualTo("matrix:r/somewhere:example.org");
        assertThat(MatrixRoomId.parse("!somewhere:example.org").toUri()).isEqualTo("matrix:roomid/somewhere:example.org");
        assertThat(Addresses.parse("matrix:r/somewhere:example.org"))
                .isEqualTo(new MatrixRoomAlias("somewhere", "example.org"));
        assertThat(Addresses.parse("matrix:roomid/somewhere:example.org?via=elsewhere.ca"))
                .isEqualTo(new MatrixRoomId("somewhere", Optional.of("example.org")));
        assertThat(Addresses.parse("matrix:u/alice:example.org?action=chat"))
                .isEqualTo(new MatrixUserId("alice", "example.org"));
    }

    @Test
    void percentEncodesReservedCharacters() {
        MatrixUserId user = new MatrixUserId("a/b+c=d", "[::1]:8448");
        assertThat(user.toUri()).isEqualTo("matrix:u/a%2Fb%2Bc%3Dd:%5B::1%5D:8448");
        assertThat(Addresses.parse(user.toUri())).isEqualTo(user);
        MatrixRoomAlias alias = MatrixRoomAlias.parse("#Café/#1?:example.org");
        assertThat(alias.toUri()).isEqualTo("matrix:r/Caf%C3%A9%2F%231%3F:example.org");
        assertThat(Addresses.parse(alias.toUri())).isEqualTo(alias);
    }

    @Test
    void keepsRoomIdsExactlyIncludingVersion12IdsWithoutServer() {
        MatrixRoomId v12 = MatrixRoomId.parse("!" + V12_OPAQUE);
        assertThat(v12.serverName()).isEmpty();
        assertThat(v12.opaque()).isEqualTo(V12_OPAQUE);
        assertThat(v12.toUri()).isEqualTo("matrix:roomid/" + V12_OPAQUE);
        assertThat(Addresses.parse(v12.toUri())).isEqualTo(v12);
        assertThat(v12.toString()).isEqualTo("!" + V12_OPAQUE);
        assertThat(MatrixRoomId.parse("!AbC:example.org")).isNotEqualTo(MatrixRoomId.parse("!abc:example.org"));
        assertThat(MatrixRoomId.parse("!n8f893n9:example.com").toString()).isEqualTo("!n8f893n9:example.com");
    }

    @Test
    void keepsHistoricalUserIdsExactly() {
        MatrixUserId historical = MatrixUserId.parse("@Alice[1]:example.org");
        assertThat(historical.hasHistoricalLocalpart()).isTrue();
        assertThat(historical).isNotEqualTo(MatrixUserId.parse("@alice[1]:example.org"));
        assertThat(Addresses.parse(historical.toUri())).isEqualTo(historical);
        assertThat(MatrixUserId.parse("@alice.b_c=d-e/f+g:example.org").hasHistoricalLocalpart()).isFalse();
    }

    @Test
    void limitsIdsTo255Bytes() {
        String server = ":example.org";
        String ok = "a".repeat(255 - 1 - server.length());
        assertThat(MatrixUserId.parse("@" + ok + server).localpart()).isEqualTo(ok);
        assertThatThrownBy(() -> MatrixUserId.parse("@" + ok + "a" + server))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("user id"));
        assertThatThrownBy(() -> MatrixRoomAlias.parse("#" + ok + "é" + server))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("room alias"));
        assertThatThrownBy(() -> MatrixRoomId.parse("!" + ok + "b" + server))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("room id"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "@:example.org | localpart",
        "@a b:example.org | localpart",
        "@café:example.org | localpart",
        "@alice | server name",
        "@alice: | server name",
        "alice:example.org | sigil",
        "#:example.org | localpart",
        "#room | server name",
        "! | opaque id",
        "!:example.org | opaque id",
        "!a\tb:example.org | opaque id",
        "!abc: | server name"})
    void rejectsInvalidSigilFormsNamingThePart(String text, String part) {
        assertThatThrownBy(() -> parseSigil(text))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo(part));
    }

    @Test
    void rejectsNulAndColonInAliases() {
        assertThatThrownBy(() -> new MatrixRoomAlias("a\u0000b", "example.org"))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("localpart"));
        assertThatThrownBy(() -> new MatrixRoomAlias("a:b", "example.org"))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("localpart"));
        assertThatThrownBy(() -> new MatrixUserId("a:b", "example.org"))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("localpart"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "matrix:roomid/somewhere:example.org/e/event?via=elsewhere.ca | uri",
        "matrix://example.org/u/alice:example.org | uri",
        "matrix:/u/alice:example.org | uri",
        "matrix:x/alice:example.org | uri",
        "matrix:user/alice:example.org | uri",
        "matrix:u | uri",
        "matrix:u/al%2ice:example.org | uri",
        "matrix:u/alice | server name",
        "matrix:u/al%20ice:example.org | localpart",
        "matrix:u/alice:exa%5Fmple.org | server name",
        "matrix:roomid/:example.org | opaque id"})
    void rejectsInvalidUrisNamingThePart(String uri, String part) {
        assertThatThrownBy(() -> Addresses.parse(uri))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo(part));
    }

    private static Address parseSigil(String text) {
        switch (text.isEmpty() ? ' ' : text.charAt(0)) {
            case '#':
                return MatrixRoomAlias.parse(text);
            case '!':
                return MatrixRoomId.parse(text);
            default:
                return MatrixUserId.parse(text);
        }
    }
}
