package dev.passerelle.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing then parsing gives back the same value; invalid parts are refused and named. */
class AddressProperties {

    @Property
    void everyAddressSurvivesItsUri(@ForAll("addresses") Address address) {
        assertThat(Addresses.parse(address.toUri())).isEqualTo(address);
    }

    @Property
    void everyAddressSurvivesItsPlainText(@ForAll("addresses") Address address) {
        assertThat(parsePlain(address)).isEqualTo(address);
    }

    @Property
    void normalisationIsIdempotent(@ForAll("jids") Jid jid) {
        assertThat(new Jid(jid.localpart(), jid.domainpart(), jid.resourcepart())).isEqualTo(jid);
    }

    @Property
    void jidLocalpartsWithAForbiddenCharacterAreRefused(@ForAll("jidLocalparts") String local,
            @ForAll("localpartPoison") String poison, @ForAll("positions") double where) {
        String bad = insert(local, poison, where);
        expectPart("localpart", () -> Jid.of(bad, "example.org"));
        expectPart("localpart", () -> Addresses.parse("xmpp:" + encodeAll(bad) + "@example.org"));
    }

    @Property
    void jidDomainsWithABadCharacterAreRefused(@ForAll("hostnames") String host,
            @ForAll("jidDomainPoison") String poison, @ForAll("positions") double where) {
        String bad = insert(host, poison, where);
        expectPart("domainpart", () -> Jid.of("alice", bad));
        expectPart("domainpart", () -> Addresses.parse("xmpp:alice@" + encodeAll(bad)));
    }

    @Property
    void jidResourcesWithAControlAreRefused(@ForAll("freeText") String resource,
            @ForAll("controls") String poison, @ForAll("positions") double where) {
        String bad = insert(resource, poison, where);
        expectPart("resourcepart", () -> Jid.of("alice", "example.org").withResource(bad));
        expectPart("resourcepart", () -> Addresses.parse("xmpp:alice@example.org/" + encodeAll(bad)));
    }

    @Property
    void matrixUserLocalpartsOutsidePrintableAsciiAreRefused(@ForAll("matrixUserIds") MatrixUserId user,
            @ForAll("matrixLocalPoison") String poison, @ForAll("positions") double where) {
        String bad = insert(user.localpart(), poison, where);
        expectPart("localpart", () -> new MatrixUserId(bad, user.serverName()));
        if (!poison.equals(":")) {
            // In the URI the first ':' ends the localpart, so there a ':' shows up as a bad server name.
            expectPart("localpart", () -> Addresses.parse("matrix:u/" + encodeAll(bad) + ":" + user.serverName()));
        }
    }

    @Property
    void matrixServerNamesWithABadCharacterAreRefused(@ForAll("hostnames") String host,
            @ForAll("domainPoison") String poison, @ForAll("positions") double where) {
        String bad = insert(host, poison, where);
        expectPart("server name", () -> new MatrixUserId("alice", bad));
        expectPart("server name", () -> new MatrixRoomAlias("room", bad));
        expectPart("server name", () -> new MatrixRoomId("abc", Optional.of(bad)));
        expectPart("server name", () -> Addresses.parse("matrix:u/alice:" + encodeAll(bad)));
    }

    @Property
    void roomIdsWithAControlOrColonAreRefused(@ForAll("matrixRoomIds") MatrixRoomId room,
            @ForAll("opaquePoison") String poison, @ForAll("positions") double where) {
        String bad = insert(room.opaque(), poison, where);
        expectPart("opaque id", () -> new MatrixRoomId(bad, room.serverName()));
    }

    @Property
    void mimiProvidersWithABadCharacterAreRefused(@ForAll("hostnames") String host,
            @ForAll("mimiProviderPoison") String poison, @ForAll("positions") double where) {
        String bad = insert(host, poison, where);
        expectPart("provider", () -> new MimiUserUri(bad, "alice"));
        expectPart("provider", () -> new MimiRoomUri(bad, "room"));
    }

    @Property
    void otherSchemesAreRefused(@ForAll("otherSchemes") String scheme, @ForAll("freeText") String rest) {
        expectPart("scheme", () -> Addresses.parse(scheme + ":" + rest));
    }

    @Provide
    Arbitrary<Address> addresses() {
        return AddressArbitraries.anyAddress();
    }

    @Provide
    Arbitrary<Jid> jids() {
        return AddressArbitraries.jids();
    }

    @Provide
    Arbitrary<String> jidLocalparts() {
        return AddressArbitraries.jidLocalparts();
    }

    @Provide
    Arbitrary<String> hostnames() {
        return AddressArbitraries.hostnames();
    }

    @Provide
    Arbitrary<String> freeText() {
        return AddressArbitraries.freeText(8);
    }

    @Provide
    Arbitrary<MatrixUserId> matrixUserIds() {
        return AddressArbitraries.matrixUserIds();
    }

    @Provide
    Arbitrary<MatrixRoomId> matrixRoomIds() {
        return AddressArbitraries.matrixRoomIds();
    }

    @Provide
    Arbitrary<Double> positions() {
        return Arbitraries.doubles().between(0, 1);
    }

    /** Each of these is refused in a JID localpart, some only once NFKC has mapped them. */
    @Provide
    Arbitrary<String> localpartPoison() {
        return Arbitraries.of("\"", "&", "'", "/", ":", "<", ">", "@", " ", "\t", "\u0000", "\u001f", "\u007f",
                "\u0085", "\u00a0", "\u200b", "\u202e", "\u2028", "\u3000", "\ue000", "＠", "／", "\ufeff");
    }

    /** Refused in every host name: Matrix server names, JID domains and MIMI providers. */
    @Provide
    Arbitrary<String> domainPoison() {
        return Arbitraries.of("_", "!", " ", "*", "@", "/", "%", "~", "\u0000", "[", "]", "\u00a0");
    }

    /** A JID domain may be an IDN (so "é" is fine) but has no empty labels. */
    @Provide
    Arbitrary<String> jidDomainPoison() {
        return Arbitraries.oneOf(domainPoison(), Arbitraries.of("..", ":", "\u3002\u3002", "😀"));
    }

    /** A MIMI provider is an ASCII DNS name: no IDN, no empty label, no port. */
    @Provide
    Arbitrary<String> mimiProviderPoison() {
        return Arbitraries.oneOf(domainPoison(), Arbitraries.of("..", ":", "é", ":443"));
    }

    @Provide
    Arbitrary<String> matrixLocalPoison() {
        return Arbitraries.of(" ", ":", "\u0000", "\u007f", "é", "😀", "\n");
    }

    @Provide
    Arbitrary<String> opaquePoison() {
        return Arbitraries.of(":", "\u0000", "\u0007", "\n", "\u009b");
    }

    @Provide
    Arbitrary<String> controls() {
        return Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf);
    }

    @Provide
    Arbitrary<String> otherSchemes() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars("+-.").ofMinLength(1)
                .ofMaxLength(8);
        Arbitrary<String> first = Arbitraries.strings().withCharRange('a', 'z').ofLength(1);
        return Combinators.combine(first, names).as(String::concat)
                .filter(s -> !List.of("xmpp", "matrix", "mimi").contains(s));
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
