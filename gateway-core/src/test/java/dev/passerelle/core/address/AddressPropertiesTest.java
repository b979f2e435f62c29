package dev.passerelle.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Printing then parsing gives back the same value; invalid parts are refused and named. Each property runs
 * QuickTheories' default 1000 examples.
 */
class AddressPropertiesTest {

    @Test
    void everyAddressSurvivesItsUri() {
        qt().forAll(AddressGens.anyAddress())
                .checkAssert(address -> assertThat(Addresses.parse(address.toUri())).isEqualTo(address));
    }

    @Test
    void everyAddressSurvivesItsPlainText() {
        qt().forAll(AddressGens.anyAddress())
                .checkAssert(address -> assertThat(parsePlain(address)).isEqualTo(address));
    }

    @Test
    void normalisationIsIdempotent() {
        qt().forAll(AddressGens.jids()).checkAssert(jid ->
                assertThat(new Jid(jid.localpart(), jid.domainpart(), jid.resourcepart())).isEqualTo(jid));
    }

    @Test
    void jidLocalpartsWithAForbiddenCharacterAreRefused() {
        qt().forAll(AddressGens.jidLocalparts(), localpartPoison(), positions()).checkAssert((local, poison, where) -> {
            String bad = insert(local, poison, where);
            expectPart("localpart", () -> Jid.of(bad, "example.org"));
            expectPart("localpart", () -> Addresses.parse("xmpp:" + encodeAll(bad) + "@example.org"));
        });
    }

    @Test
    void jidDomainsWithABadCharacterAreRefused() {
        qt().forAll(AddressGens.hostnames(), jidDomainPoison(), positions()).checkAssert((host, poison, where) -> {
            String bad = insert(host, poison, where);
            expectPart("domainpart", () -> Jid.of("alice", bad));
            expectPart("domainpart", () -> Addresses.parse("xmpp:alice@" + encodeAll(bad)));
        });
    }

    @Test
    void jidResourcesWithAControlAreRefused() {
        qt().forAll(AddressGens.freeText(8), controls(), positions()).checkAssert((resource, poison, where) -> {
            String bad = insert(resource, poison, where);
            expectPart("resourcepart", () -> Jid.of("alice", "example.org").withResource(bad));
            expectPart("resourcepart", () -> Addresses.parse("xmpp:alice@example.org/" + encodeAll(bad)));
        });
    }

    @Test
    void matrixUserLocalpartsOutsidePrintableAsciiAreRefused() {
        qt().forAll(AddressGens.matrixUserIds(), matrixLocalPoison(), positions())
                .checkAssert((user, poison, where) -> {
                    String bad = insert(user.localpart(), poison, where);
                    expectPart("localpart", () -> new MatrixUserId(bad, user.serverName()));
                    if (!poison.equals(":")) {
                        // In the URI the first ':' ends the localpart, so there a ':' shows up as a bad server
                        // name.
                        expectPart("localpart",
                                () -> Addresses.parse("matrix:u/" + encodeAll(bad) + ":" + user.serverName()));
                    }
                });
    }

    @Test
    void matrixServerNamesWithABadCharacterAreRefused() {
        qt().forAll(AddressGens.hostnames(), domainPoison(), positions()).checkAssert((host, poison, where) -> {
            String bad = insert(host, poison, where);
            expectPart("server name", () -> new MatrixUserId("alice", bad));
            expectPart("server name", () -> new MatrixRoomAlias("room", bad));
            expectPart("server name", () -> new MatrixRoomId("abc", Optional.of(bad)));
            expectPart("server name", () -> Addresses.parse("matrix:u/alice:" + encodeAll(bad)));
        });
    }

    @Test
    void roomIdsWithAControlOrColonAreRefused() {
        qt().forAll(AddressGens.matrixRoomIds(), opaquePoison(), positions()).checkAssert((room, poison, where) -> {
            String bad = insert(room.opaque(), poison, where);
            expectPart("opaque id", () -> new MatrixRoomId(bad, room.serverName()));
        });
    }

    @Test
    void mimiProvidersWithABadCharacterAreRefused() {
        qt().forAll(AddressGens.hostnames(), mimiProviderPoison(), positions()).checkAssert((host, poison, where) -> {
            String bad = insert(host, poison, where);
            expectPart("provider", () -> new MimiUserUri(bad, "alice"));
            expectPart("provider", () -> new MimiRoomUri(bad, "room"));
        });
    }

    @Test
    void otherSchemesAreRefused() {
        qt().forAll(otherSchemes(), AddressGens.freeText(8))
                .checkAssert((scheme, rest) -> expectPart("scheme", () -> Addresses.parse(scheme + ":" + rest)));
    }

    /** Where to insert a poison, as a fraction of the text's length. */
    private static Gen<Double> positions() {
        return doubles().between(0, 1);
    }

    /** Each of these is refused in a JID localpart, some only once NFKC has mapped them. */
    private static Gen<String> localpartPoison() {
        return Generate.pick(List.of("\"", "&", "'", "/", ":", "<", ">", "@", " ", "\t", "\u0000", "\u001f",
                "\u007f", "\u0085", "\u00a0", "\u200b", "\u202e", "\u2028", "\u3000", "\ue000", "＠", "／",
                "\ufeff"));
    }

    /** Refused in every host name: Matrix server names, JID domains and MIMI providers. */
    private static Gen<String> domainPoison() {
        return Generate.pick(List.of("_", "!", " ", "*", "@", "/", "%", "~", "\u0000", "[", "]", "\u00a0"));
    }

    /** A JID domain may be an IDN (so "é" is fine) but has no empty labels. */
    private static Gen<String> jidDomainPoison() {
        return AddressGens.oneOf(List.of(domainPoison(), Generate.pick(List.of("..", ":", "\u3002\u3002", "😀"))));
    }

    /** A MIMI provider is an ASCII DNS name: no IDN, no empty label, no port. */
    private static Gen<String> mimiProviderPoison() {
        return AddressGens.oneOf(List.of(domainPoison(), Generate.pick(List.of("..", ":", "é", ":443"))));
    }

    private static Gen<String> matrixLocalPoison() {
        return Generate.pick(List.of(" ", ":", "\u0000", "\u007f", "é", "😀", "\n"));
    }

    private static Gen<String> opaquePoison() {
        return Generate.pick(List.of(":", "\u0000", "\u0007", "\n", "\u009b"));
    }

    private static Gen<String> controls() {
        return integers().between(0x00, 0x1f).map(c -> String.valueOf((char) c.intValue()));
    }

    private static Gen<String> otherSchemes() {
        Gen<String> first = AddressGens.stringsOf("abcdefghijklmnopqrstuvwxyz", 1, 1);
        Gen<String> names = AddressGens.stringsOf("abcdefghijklmnopqrstuvwxyz+-.", 1, 8);
        return first.zip(names, String::concat).assuming(s -> !List.of("xmpp", "matrix", "mimi").contains(s));
    }

    private static Address parsePlain(Address address) {
        if (address instanceof Jid) {
            return Jid.parse(address.toString());
        }
        if (address instanceof MatrixUserId) {
            return MatrixUserId.parse(address.toString());
        }
        if (address instanceof MatrixRoomAlias) {
            return MatrixRoomAlias.parse(address.toString());
        }
        if (address instanceof MatrixRoomId) {
            return MatrixRoomId.parse(address.toString());
        }
        return Addresses.parse(address.toString());
    }

    /** Inserts {@code poison} at a fraction of the way through {@code text}, between code points. */
    private static String insert(String text, String poison, double where) {
        int cps = text.codePointCount(0, text.length());
        int at = text.offsetByCodePoints(0, (int) Math.round(where * cps));
        return text.substring(0, at) + poison + text.substring(at);
    }

    /** Percent-encodes every byte, so that only the part's own rules can refuse the text. */
    private static String encodeAll(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            sb.append(String.format("%%%02X", b & 0xff));
        }
        return sb.toString();
    }

    private static void expectPart(String part, Supplier<Object> parse) {
        assertThatThrownBy(parse::get)
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo(part));
    }
}
