package dev.passerelle.connector.dma.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class MimiContentHostileInputTest {

    private static final CborValue NULL = CborValue.Simple.NULL;

    private static CborValue.Int i(long value) {
        return CborValue.Int.of(value);
    }

    private static CborValue.Bytes b(int length) {
        return new CborValue.Bytes(new byte[length]);
    }

    private static CborValue.Text t(String value) {
        return new CborValue.Text(value);
    }

    private static CborValue.Array a(CborValue... items) {
        return new CborValue.Array(List.of(items));
    }

    private static CborValue.Map map(CborValue... keysAndValues) {
        List<CborValue.Entry> entries = new ArrayList<>();
        for (int k = 0; k < keysAndValues.length; k += 2) {
            entries.add(new CborValue.Entry(keysAndValues[k], keysAndValues[k + 1]));
        }
        return new CborValue.Map(entries);
    }

    private static CborValue single(String contentType) {
        return a(i(1), t(""), i(1), t(contentType), b(3));
    }

    private static CborValue multi(CborValue... parts) {
        return a(i(1), t(""), i(3), i(0), a(parts));
    }

    /** A valid message, then {@code edit} applied to its seven items. */
    private static byte[] message(UnaryOperator<List<CborValue>> edit) {
        List<CborValue> items = new ArrayList<>(List.of(b(16), NULL, b(0), NULL, NULL,
                map(i(1), t("mimi://a.example/u/alice"), i(2), t("mimi://a.example/r/room")),
                single("text/plain;charset=utf-8")));
        return CborWriter.encode(new CborValue.Array(edit.apply(items)));
    }

    private static byte[] with(int index, CborValue value) {
        return message(items -> {
            items.set(index, value);
            return items;
        });
    }

    private static AbstractThrowableAssert<?, ?> refused(byte[] input, String path, String reason) {
        return assertThatThrownBy(() -> MimiContent.decode(input))
                .isInstanceOf(ContentException.class)
                .satisfies(e -> {
                    assertThat(((ContentException) e).path()).isEqualTo(path);
                    assertThat(((ContentException) e).reason()).contains(reason);
                });
    }

    @Test
    void theBaseMessageIsValid() {
        byte[] valid = message(items -> items);
        assertThat(MimiContent.decode(valid).encode()).isEqualTo(valid);
    }

    @Test
    void wrongShapeOfTheContainer() {
        refused(CborWriter.encode(map()), "$", "expected an array, got a map");
        refused(message(items -> items.subList(0, 6)), "$", "expected an array of 7 items, got 6");
        refused(message(items -> {
            items.add(NULL);
            return items;
        }), "$", "expected an array of 7 items, got 8");
    }

    @Test
    void wrongTypesAndSizesOfTheBehaviourFields() {
        refused(with(0, t("salt")), "salt", "expected a byte string, got a text string");
        refused(with(0, b(15)), "salt", "must have 16 bytes, got 15");
        refused(with(1, b(31)), "replaces", "a message id has 32 bytes, got 31");
        refused(with(1, i(0)), "replaces", "expected a byte string, got an unsigned integer");
        refused(with(2, NULL), "topicId", "expected a byte string, got null");
        refused(with(2, b(4097)), "topicId", "longer than 4096 bytes");
        refused(with(3, a(i(1), i(5))), "expires.relative", "expected a boolean");
        refused(with(3, a(CborValue.Simple.TRUE)), "expires", "expected an array of 2 items, got 1");
        refused(with(3, a(CborValue.Simple.TRUE, i(1L << 32))), "expires.time", "4294967296 exceeds the maximum");
        refused(with(3, a(CborValue.Simple.TRUE, i(-1))), "expires.time", "expected an unsigned integer");
        refused(with(4, new CborValue.Bytes(new byte[33])), "inReplyTo", "a message id has 32 bytes, got 33");
    }

    @Test
    void badExtensions() {
        refused(with(5, a()), "extensions", "expected a map, got an array");
        refused(with(5, map(i(1), i(7))), "extensions{1}", "must be text strings");
        refused(with(5, map(i(2), b(1))), "extensions{2}", "must be text strings");
        refused(with(5, map(b(1), i(7))), "extensions", "keys must be integers or text strings, got a byte string");
        refused(with(5, map(t(""), i(7))), "extensions", "1..255 octets, got 0");
        refused(with(5, map(t("k".repeat(256)), i(7))), "extensions", "1..255 octets, got 256");
        refused(with(5, map(i(1L << 53), i(7))), "extensions", "out of +-(2^53 - 1)");
        refused(with(5, map(i(256), a(a(a(a(i(1))))))), "extensions{256}", "more than 4 levels deep");
        refused(with(5, map(t("x"), new CborValue.Tag(1, map(i(1), a(a(i(1))))))), "extensions{\"x\"}",
                "more than 4 levels deep");
    }

    @Test
    void extensionsAtTheDepthLimitAndOfAllKeyKindsAreKept() {
        // The draft's own 4-level example: the map, the array, the inner array, and tag 32 around a URI.
        CborValue deep = a(a(b(2), new CborValue.Tag(32, t("http://example.com"))), a(b(2), i(5771)));
        byte[] input = with(5, map(i(1), t("mimi://a.example/u/alice"), i(256), deep, i(-7), t("private"),
                t("vendor"), map(b(1), i(1), i(-1), i(2))));
        MimiContent content = MimiContent.decode(input);
        assertThat(content.encode()).isEqualTo(input);
        assertThat(content.extensions().entries()).extracting(Extensions.Extension::key).containsExactly(
                new Extensions.IntKey(1), new Extensions.IntKey(256), new Extensions.IntKey(-7),
                new Extensions.TextKey("vendor"));
        assertThat(content.extensions().senderUri()).contains("mimi://a.example/u/alice");
        assertThat(content.extensions().roomUri()).isEmpty();
        assertThat(content.extensions().get(new Extensions.IntKey(256)).orElseThrow().value())
                .isEqualTo(CborWriter.encode(deep));
    }

    @Test
    void badBodyParts() {
        refused(with(6, i(1)), "nestedPart", "expected an array, got an unsigned integer");
        refused(with(6, a(i(1), t(""))), "nestedPart", "at least 3 items, got 2");
        refused(with(6, a(i(256), t(""), i(0))), "nestedPart.disposition", "256 exceeds the maximum 255");
        refused(with(6, a(i(1), b(0), i(0))), "nestedPart.language", "expected a text string");
        refused(with(6, a(i(1), t(""), i(4))), "nestedPart.cardinality", "unknown cardinality 4");
        refused(with(6, a(i(1), t(""), i(0), NULL)), "nestedPart", "expected an array of 3 items, got 4");
        refused(with(6, a(i(1), t(""), i(1), t("text/plain"), t("hi"))), "nestedPart.content",
                "expected a byte string, got a text string");
        refused(with(6, a(i(1), t(""), i(2), t("image/png"), t("https://x"))), "nestedPart",
                "expected an array of 15 items, got 5");
        refused(with(6, a(i(1), t(""), i(3), i(3), a(single("a"), single("b")))), "nestedPart.partSemantics",
                "unknown part semantics 3");
        refused(with(6, multi(single("a"))), "nestedPart.parts", "at least 2 parts, got 1");
        refused(with(6, multi(single("a"), i(5))), "nestedPart.parts[1]", "expected an array");
        refused(with(6, a(i(1), t(""), i(2), t("image/png"), t("https://x"), i(0), i(0), i(1L << 16), b(16),
                b(12), b(0), i(1), b(32), t(""), t(""))), "nestedPart.encAlg", "65536 exceeds the maximum 65535");
        refused(with(6, a(i(1), t(""), i(2), t("image/png"), t("https://x"), i(0), i(0), i(1), b(16),
                b(12), b(0), i(256), b(32), t(""), t(""))), "nestedPart.hashAlg", "256 exceeds the maximum 255");
    }

    @Test
    void partsNestedFourLevelsAreAcceptedFiveAreRefused() {
        CborValue four = multi(multi(multi(single("a"), single("b")), single("c")), single("d"));
        byte[] ok = with(6, four);
        assertThat(MimiContent.decode(ok).partsByIndex()).hasSize(7);
        CborValue five = multi(multi(multi(multi(single("a"), single("b")), single("c")), single("d")),
                single("e"));
        refused(with(6, five), "nestedPart.parts[0].parts[0].parts[0].parts[0]", "nested more than 4 levels deep");
        CborValue sixMulti = multi(multi(multi(multi(multi(single("a"), single("b")), single("c")), single("d")),
                single("e")), single("f"));
        assertThatThrownBy(() -> MimiContent.decode(with(6, sixMulti))).isInstanceOf(ContentException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void tooManyPartsAreRefused() {
        CborValue[] parts = new CborValue[1024];
        Arrays.fill(parts, single("a"));
        refused(with(6, multi(parts)), "nestedPart.parts[1023]", "more than 1024 body parts");
        byte[] ok = with(6, multi(Arrays.copyOf(parts, 1023)));
        assertThat(MimiContent.decode(ok).partsByIndex()).hasSize(1024);
    }

    @Test
    void everyTruncationOfAnExampleIsRefused() {
        byte[] original = MimiExamples.example("examples-08", "multipart-3").cbor();
        for (int n = 0; n < original.length; n++) {
            byte[] prefix = Arrays.copyOf(original, n);
            assertThatThrownBy(() -> MimiContent.decode(prefix)).as("prefix of %d bytes", n)
                    .isInstanceOf(ContentException.class);
        }
    }

    @Test
    void lengthsLargerThanTheBodyAreRefusedBeforeAllocating() {
        byte[] original = MimiExamples.example("examples-08", "original").cbor();
        // The last item is the 57-byte content, written 0x58 0x39: claim 2^31 - 1 bytes instead.
        int at = original.length - 57 - 2;
        assertThat(original[at]).isEqualTo((byte) 0x58);
        byte[] hostile = new byte[original.length + 3];
        System.arraycopy(original, 0, hostile, 0, at);
        hostile[at] = 0x5a;
        hostile[at + 1] = 0x7f;
        hostile[at + 2] = (byte) 0xff;
        hostile[at + 3] = (byte) 0xff;
        hostile[at + 4] = (byte) 0xff;
        System.arraycopy(original, at + 2, hostile, at + 5, 57);
        refused(hostile, "$[6][4]", "length 2147483647 exceeds the 57 bytes left");
    }

    @Test
    void trailingBytesAndNonDeterministicEncodingsAreRefused() {
        byte[] original = MimiExamples.example("examples-08", "original").cbor();
        byte[] trailing = Arrays.copyOf(original, original.length + 1);
        refused(trailing, "$", "1 trailing bytes");
        // Swap the two extension keys: same content, not the deterministic order.
        byte[] valid = with(5, map(i(1), t("s"), i(2), t("r")));
        byte[] swapped = valid.clone();
        int at = indexOf(valid, new byte[] {(byte) 0xa2, 0x01, 0x61, 's', 0x02, 0x61, 'r'});
        System.arraycopy(new byte[] {(byte) 0xa2, 0x02, 0x61, 'r', 0x01, 0x61, 's'}, 0, swapped, at, 7);
        refused(swapped, "$[5]", "out of deterministic order");
        byte[] indefinite = valid.clone();
        indefinite[0] = (byte) 0x9f;
        assertThatThrownBy(() -> MimiContent.decode(indefinite)).isInstanceOf(ContentException.class)
                .hasMessageContaining("indefinite");
    }

    @Test
    void constructorsRefuseInvalidValues() {
        NestedPart body = new NestedPart.NullPart(NestedPart.UNSPECIFIED, "");
        assertThatThrownBy(() -> new MimiContent(new byte[15], java.util.Optional.empty(), new byte[0],
                java.util.Optional.empty(), java.util.Optional.empty(), Extensions.EMPTY, body))
                .hasMessageContaining("salt must have 16 bytes");
        assertThatThrownBy(() -> new NestedPart.MultiPart(1, "", PartSemantics.CHOOSE_ONE, List.of(body)))
                .hasMessageContaining("at least 2 parts");
        assertThatThrownBy(() -> new Extensions(List.of(Extensions.Extension.text(new Extensions.IntKey(3), "a"),
                Extensions.Extension.text(new Extensions.IntKey(3), "b")))).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> new Extensions.Extension(new Extensions.IntKey(9), new byte[] {0x18, 0x01}))
                .isInstanceOf(ContentException.class).hasMessageContaining("extensions{9}");
        assertThatThrownBy(() -> new Expiration(true, 1L << 32)).hasMessageContaining("expiration time");
        assertThatThrownBy(() -> MessageId.of(new byte[31])).hasMessageContaining("32 bytes");
        List<NestedPart> tooDeep = Collections.nCopies(2, body);
        NestedPart nested = new NestedPart.MultiPart(1, "", PartSemantics.PROCESS_ALL, tooDeep);
        for (int level = 0; level < 4; level++) {
            nested = new NestedPart.MultiPart(1, "", PartSemantics.PROCESS_ALL, List.of(nested, body));
        }
        NestedPart five = nested;
        assertThatThrownBy(() -> new MimiContent(new byte[16], java.util.Optional.empty(), new byte[0],
                java.util.Optional.empty(), java.util.Optional.empty(), Extensions.EMPTY, five))
                .hasMessageContaining("nested more than 4 levels");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int k = 0; k + needle.length <= haystack.length; k++) {
            if (Arrays.equals(haystack, k, k + needle.length, needle, 0, needle.length)) {
                return k;
            }
        }
        throw new AssertionError("pattern not found");
    }
}
