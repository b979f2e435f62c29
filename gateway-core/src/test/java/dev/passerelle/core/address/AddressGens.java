package dev.passerelle.core.address;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of valid addresses of every type, for property tests here and in the ghost package.
 * Sizes are kept small enough that every address has a ghost within Matrix's 255-byte limit.
 */
public final class AddressGens {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String DIGITS = "0123456789";
    /** ASCII letters of both cases and digits. */
    public static final String ALPHANUMERIC = LOWER + LOWER.toUpperCase(Locale.ROOT) + DIGITS;
    /** Printable ASCII but space and ':', the historical Matrix localpart and opaque room id characters. */
    private static final String PRINTABLE_BUT_COLON = range('!', '9') + range(';', '~');

    /** Characters that stay valid in a JID localpart after NFKC and lower-casing, some changed by them. */
    private static final List<String> LOCAL_EXTRAS = List.of("!", "#", "$", "%", "(", ")", "*", "+", ",", "-", ".",
            ";", "=", "?", "[", "]", "^", "_", "`", "{", "|", "}", "~", "\\", "é", "É", "ß", "ø", "Ω", "ж", "Ж",
            "中", "😀", "\uD835\uDC00", "ﬁ", "\u212A", "Ａ", "ǅ", "İ", "e\u0301");

    /** Extra characters for case-sensitive free text (resources, aliases, MIMI names). */
    private static final List<String> FREE_EXTRAS = List.of(" ", "/", "@", "\"", "&", "'", "<", ">", "?", "#",
            "%", "=", "_", "\\", "é", "É", "Σ", "ß", "😀", "中", "\u00a0", "\u0301", "+", "~", ".", "-");

    private AddressGens() {
    }

    public static Gen<Address> anyAddress() {
        return oneOf(List.of(jids(), matrixUserIds(), matrixRoomIds(), matrixRoomAliases(), mimiUsers(),
                mimiRooms()));
    }

    public static Gen<Jid> jids() {
        // toOptionals takes the share of empty values: a localpart 85% of the time, a resource 40%.
        Gen<Optional<String>> local = jidLocalparts().toOptionals(15);
        Gen<Optional<String>> resource = freeText(6).toOptionals(60);
        return local.zip(jidDomains(), resource, Jid::new);
    }

    public static Gen<String> jidLocalparts() {
        return tokens(oneOf(List.of(stringsOf(ALPHANUMERIC, 1, 1), Generate.pick(LOCAL_EXTRAS))), 6);
    }

    public static Gen<String> jidDomains() {
        Gen<String> idn = Generate.pick(List.of("čechy.example", "bücher.example", "例え.テスト", "ΑΒΓ.example"));
        return Generate.frequency(List.of(
                Pair.of(6, hostnames()),
                Pair.of(1, hostnames().map(h -> h + ".")),
                Pair.of(1, ipv4()),
                Pair.of(1, ipv6().map(a -> "[" + a + "]")),
                Pair.of(1, idn)));
    }

    public static Gen<MatrixUserId> matrixUserIds() {
        Gen<String> current = stringsOf(LOWER + DIGITS + "._=-/+", 1, 16);
        Gen<String> historical = stringsOf(PRINTABLE_BUT_COLON, 1, 16);
        return oneOf(List.of(current, historical)).zip(matrixServers(), MatrixUserId::new);
    }

    public static Gen<MatrixRoomId> matrixRoomIds() {
        Gen<MatrixRoomId> v12 = stringsOf(ALPHANUMERIC + "-_", 43, 43)
                .map(o -> new MatrixRoomId(o, Optional.empty()));
        Gen<String> opaque = tokens(oneOf(List.of(stringsOf(PRINTABLE_BUT_COLON, 1, 1),
                Generate.pick(List.of("é", "中", "😀")))), 18);
        Gen<MatrixRoomId> classic = opaque.zip(matrixServers(), (o, s) -> new MatrixRoomId(o, Optional.of(s)));
        return oneOf(List.of(v12, classic));
    }

    public static Gen<MatrixRoomAlias> matrixRoomAliases() {
        Gen<String> local = tokens(oneOf(List.of(stringsOf(ALPHANUMERIC, 1, 1), Generate.pick(FREE_EXTRAS),
                Generate.pick(List.of("\u0001", "\t", "!")))), 12);
        return local.zip(matrixServers(), MatrixRoomAlias::new);
    }

    public static Gen<String> matrixServers() {
        Gen<String> host = oneOf(List.of(hostnames(), ipv4(), ipv6().map(a -> "[" + a + "]")));
        // A port 30% of the time.
        Gen<String> port = stringsOf(DIGITS, 1, 5).map(p -> ":" + p).toOptionals(70).map(p -> p.orElse(""));
        return host.zip(port, String::concat);
    }

    public static Gen<MimiUserUri> mimiUsers() {
        return hostnames().zip(freeText(8), MimiUserUri::new);
    }

    public static Gen<MimiRoomUri> mimiRooms() {
        return hostnames().zip(freeText(8), MimiRoomUri::new);
    }

    /** Case-sensitive text: letters of both cases, punctuation, spaces, non-ASCII and combining marks. */
    public static Gen<String> freeText(int maxTokens) {
        return tokens(oneOf(List.of(stringsOf(ALPHANUMERIC, 1, 1), Generate.pick(FREE_EXTRAS))), maxTokens);
    }

    /** 1 to 3 labels of 1 to 8 letters, digits and inner hyphens, in mixed case. */
    public static Gen<String> hostnames() {
        Gen<String> label = stringsOf(ALPHANUMERIC, 1, 1).zip(stringsOf(ALPHANUMERIC + "-", 0, 6),
                stringsOf(ALPHANUMERIC, 1, 1), (first, inner, last) -> first + inner + last);
        return lists().of(label).ofSizeBetween(1, 3).map(l -> String.join(".", l));
    }

    public static Gen<String> ipv4() {
        return lists().of(integers().between(0, 255)).ofSize(4)
                .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining(".")));
    }

    public static Gen<String> ipv6() {
        Gen<String> group = stringsOf("0123456789abcdefABCDEF", 1, 4);
        Gen<String> full = lists().of(group).ofSize(8).map(l -> String.join(":", l));
        Gen<List<String>> side = lists().of(group).ofSizeBetween(0, 3);
        Gen<String> compressed = side.zip(side, (a, b) -> String.join(":", a) + "::" + String.join(":", b));
        return oneOf(List.of(full, compressed));
    }

    /** Strings of {@code min} to {@code max} code points, each drawn from {@code alphabet}. */
    public static Gen<String> stringsOf(String alphabet, int min, int max) {
        List<String> symbols = alphabet.codePoints().mapToObj(Character::toString).collect(Collectors.toList());
        return tokens(Generate.pick(symbols), min, max);
    }

    /**
     * One of {@code options}, each as likely. Unlike {@code Generate.oneOf} it takes a list, which spares the
     * callers an unchecked generic varargs array.
     */
    public static <T> Gen<T> oneOf(List<Gen<? extends T>> options) {
        return Generate.pick(options).flatMap(g -> g);
    }

    private static Gen<String> tokens(Gen<String> token, int max) {
        return tokens(token, 1, max);
    }

    private static Gen<String> tokens(Gen<String> token, int min, int max) {
        return lists().of(token).ofSizeBetween(min, max).map(l -> String.join("", l));
    }

    private static String range(char from, char to) {
        StringBuilder sb = new StringBuilder();
        for (char c = from; c <= to; c++) {
            sb.append(c);
        }
        return sb.toString();
    }
}
