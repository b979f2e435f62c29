package dev.passerelle.core.address;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of valid addresses of every type, for property tests here and in the ghost package. Sizes are
 * kept small enough that every address has a ghost within Matrix's 255-byte limit.
 */
public final class AddressArbitraries {
    private AddressArbitraries() {
    }

    /** Characters that stay valid in a JID localpart after NFKC and lower-casing, some changed by them. */
    private static final List<String> LOCAL_EXTRAS = List.of("!", "#", "$", "%", "(", ")", "*", "+", ",", "-", ".",
            ";", "=", "?", "[", "]", "^", "_", "`", "{", "|", "}", "~", "\\", "é", "É", "ß", "ø", "Ω", "ж", "Ж",
            "中", "😀", "\uD835\uDC00", "ﬁ", "\u212A", "Ａ", "ǅ", "İ", "e\u0301");

    /** Extra characters for case-sensitive free text (resources, aliases, MIMI names). */
    private static final List<String> FREE_EXTRAS = List.of(" ", "/", "@", "\"", "&", "'", "<", ">", "?", "#",
            "%", "=", "_", "\\", "é", "É", "Σ", "ß", "😀", "中", "\u00a0", "\u0301", "+", "~", ".", "-");

    public static Arbitrary<Address> anyAddress() {
        return Arbitraries.oneOf(jids(), matrixUserIds(), matrixRoomIds(), matrixRoomAliases(), mimiUsers(),
                mimiRooms());
    }

    public static Arbitrary<Jid> jids() {
        Arbitrary<Optional<String>> local = jidLocalparts().optional(0.85);
        Arbitrary<Optional<String>> resource = freeText(6).optional(0.4);
        return Combinators.combine(local, jidDomains(), resource).as(Jid::new);
    }

    public static Arbitrary<String> jidLocalparts() {
        return tokens(Arbitraries.oneOf(asciiLetterOrDigit(), Arbitraries.of(LOCAL_EXTRAS)), 6);
    }

    public static Arbitrary<String> jidDomains() {
        Arbitrary<String> idn = Arbitraries.of("čechy.example", "bücher.example", "例え.テスト", "ΑΒΓ.example");
        Arbitrary<String> withDot = hostnames().map(h -> h + ".");
        return Arbitraries.frequencyOf(
                Tuple.of(6, hostnames()),
                Tuple.of(1, withDot),
                Tuple.of(1, ipv4()),
                Tuple.of(1, ipv6().map(a -> "[" + a + "]")),
                Tuple.of(1, idn));
    }

    public static Arbitrary<MatrixUserId> matrixUserIds() {
        Arbitrary<String> current = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._=-/+")
                .ofMinLength(1).ofMaxLength(16);
        Arbitrary<String> historical = Arbitraries.strings().withCharRange('!', '9').withCharRange(';', '~')
                .ofMinLength(1).ofMaxLength(16);
        return Combinators.combine(Arbitraries.oneOf(current, historical), matrixServers()).as(MatrixUserId::new);
    }

    public static Arbitrary<MatrixRoomId> matrixRoomIds() {
        Arbitrary<MatrixRoomId> v12 = Arbitraries.strings()
                .withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9').withChars("-_")
                .ofLength(43).map(o -> new MatrixRoomId(o, Optional.empty()));
        Arbitrary<String> opaque = tokens(Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '9').withCharRange(';', '~').ofLength(1),
                Arbitraries.of("é", "中", "😀")), 18);
        Arbitrary<MatrixRoomId> classic = Combinators.combine(opaque, matrixServers())
                .as((o, s) -> new MatrixRoomId(o, Optional.of(s)));
        return Arbitraries.oneOf(v12, classic);
    }

    public static Arbitrary<MatrixRoomAlias> matrixRoomAliases() {
        Arbitrary<String> local = tokens(Arbitraries.oneOf(asciiLetterOrDigit(), Arbitraries.of(FREE_EXTRAS),
                Arbitraries.of("\u0001", "\t", "!")), 12);
        return Combinators.combine(local, matrixServers()).as(MatrixRoomAlias::new);
    }

    public static Arbitrary<String> matrixServers() {
        Arbitrary<String> host = Arbitraries.oneOf(hostnames(), ipv4(), ipv6().map(a -> "[" + a + "]"));
        Arbitrary<String> port = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5).map(p -> ":" + p)
                .optional(0.3).map(p -> p.orElse(""));
        return Combinators.combine(host, port).as(String::concat);
    }

    public static Arbitrary<MimiUserUri> mimiUsers() {
        return Combinators.combine(hostnames(), freeText(8)).as(MimiUserUri::new);
    }

    public static Arbitrary<MimiRoomUri> mimiRooms() {
        return Combinators.combine(hostnames(), freeText(8)).as(MimiRoomUri::new);
    }

    /** Case-sensitive text: letters of both cases, punctuation, spaces, non-ASCII and combining marks. */
    public static Arbitrary<String> freeText(int maxTokens) {
        return tokens(Arbitraries.oneOf(asciiLetterOrDigit(), Arbitraries.of(FREE_EXTRAS)), maxTokens);
    }

    /** 1 to 3 labels of 1 to 8 letters, digits and inner hyphens, in mixed case. */
    public static Arbitrary<String> hostnames() {
        Arbitrary<String> label = Combinators.combine(
                Arbitraries.strings().alpha().numeric().ofLength(1),
                Arbitraries.strings().alpha().numeric().withChars('-').ofMaxLength(6),
                Arbitraries.strings().alpha().numeric().ofLength(1))
                .as((a, b, c) -> a + b + c)
                .map(s -> s.length() > 8 ? s.substring(0, 8) : s)
                .filter(s -> !s.endsWith("-"));
        return label.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    }

    public static Arbitrary<String> ipv4() {
        return Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining(".")));
    }

    public static Arbitrary<String> ipv6() {
        Arbitrary<String> group = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(4);
        Arbitrary<String> full = group.list().ofSize(8).map(l -> String.join(":", l));
        Arbitrary<String> compressed = Combinators.combine(group.list().ofMaxSize(3), group.list().ofMaxSize(3))
                .as((a, b) -> String.join(":", a) + "::" + String.join(":", b));
        return Arbitraries.oneOf(full, compressed);
    }

    private static Arbitrary<String> asciiLetterOrDigit() {
        return Arbitraries.strings().alpha().numeric().ofLength(1);
    }

    private static Arbitrary<String> tokens(Arbitrary<String> token, int max) {
        return token.list().ofMinSize(1).ofMaxSize(max).map(l -> String.join("", l));
    }
}
