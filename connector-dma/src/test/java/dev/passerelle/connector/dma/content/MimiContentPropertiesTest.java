package dev.passerelle.connector.dma.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

class MimiContentPropertiesTest {

    private static long pick(RandomnessSource in, long min, long max) {
        return in.next(Constraint.between(min, max));
    }

    private static byte[] bytes(RandomnessSource in, int maxLength) {
        byte[] out = new byte[(int) pick(in, 0, maxLength)];
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) pick(in, 0, 255);
        }
        return out;
    }

    // Letters, accents, CJK and emoji outside the BMP, so UTF-8 of 1 to 4 bytes is exercised.
    private static String text(RandomnessSource in, int maxLength) {
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x4e00, 0x4fff}, {0x1f300, 0x1f64f}};
        StringBuilder sb = new StringBuilder();
        long n = pick(in, 0, maxLength);
        for (int k = 0; k < n; k++) {
            int[] r = ranges[(int) pick(in, 0, ranges.length - 1)];
            sb.appendCodePoint((int) pick(in, r[0], r[1]));
        }
        return sb.toString();
    }

    private static Optional<MessageId> messageId(RandomnessSource in) {
        if (pick(in, 0, 1) == 0) {
            return Optional.empty();
        }
        byte[] id = new byte[MessageId.LENGTH];
        for (int k = 0; k < id.length; k++) {
            id[k] = (byte) pick(in, 0, 255);
        }
        return Optional.of(MessageId.of(id));
    }

    private static CborValue extensionValue(RandomnessSource in, int containersLeft) {
        long kind = pick(in, 0, containersLeft > 0 ? 8 : 5);
        if (kind == 0) {
            return CborValue.Int.of(in.next(Constraint.none()));
        }
        if (kind == 1) {
            return new CborValue.Int(true, in.next(Constraint.none()));
        }
        if (kind == 2) {
            return new CborValue.Bytes(bytes(in, 8));
        }
        if (kind == 3) {
            return new CborValue.Text(text(in, 8));
        }
        if (kind == 4) {
            long which = pick(in, 0, 5);
            if (which < 3) {
                return CborValue.Simple.values()[(int) which];
            }
            // Arbitrary doubles, then values that fit a single, then small ones that fit a half.
            double number = which == 3 ? Double.longBitsToDouble(in.next(Constraint.none()))
                    : which == 4 ? Float.intBitsToFloat((int) in.next(Constraint.none()))
                    : pick(in, -2048, 2048) / 4.0;
            return CborValue.Float.of(number);
        }
        if (kind == 5) {
            return new CborValue.Int(false, in.next(Constraint.none()));
        }
        if (kind == 6) {
            List<CborValue> items = new ArrayList<>();
            for (long k = pick(in, 0, 3); k > 0; k--) {
                items.add(extensionValue(in, containersLeft - 1));
            }
            return new CborValue.Array(items);
        }
        if (kind == 7) {
            return new CborValue.Tag(pick(in, 0, 100_000), extensionValue(in, containersLeft - 1));
        }
        List<CborValue.Entry> entries = new ArrayList<>();
        long size = pick(in, 0, 3);
        for (long k = 0; k < size; k++) {
            // Distinct keys by construction: the position is part of each key.
            CborValue key = k % 2 == 0 ? CborValue.Int.of(k - 10) : new CborValue.Text(k + text(in, 3));
            entries.add(new CborValue.Entry(key, extensionValue(in, containersLeft - 1)));
        }
        return new CborValue.Map(entries);
    }

    private static Extensions extensions(RandomnessSource in) {
        List<Extensions.Extension> entries = new ArrayList<>();
        if (pick(in, 0, 3) > 0) {
            entries.add(Extensions.Extension.text(new Extensions.IntKey(1), "mimi://a.example/u/" + text(in, 10)));
        }
        if (pick(in, 0, 3) > 0) {
            entries.add(Extensions.Extension.text(new Extensions.IntKey(2), "mimi://a.example/r/" + text(in, 10)));
        }
        long others = pick(in, 0, 3);
        for (long k = 0; k < others; k++) {
            Extensions.ExtensionKey key = pick(in, 0, 1) == 0
                    ? new Extensions.IntKey(pick(in, 3, Extensions.MAX_INT_KEY) * (pick(in, 0, 1) == 0 ? 1 : -1))
                    : new Extensions.TextKey("x" + k + text(in, 20));
            if (entries.stream().noneMatch(e -> e.key().equals(key))) {
                entries.add(new Extensions.Extension(key, CborWriter.encode(
                        extensionValue(in, Extensions.MAX_VALUE_DEPTH))));
            }
        }
        return new Extensions(entries);
    }

    private static NestedPart part(RandomnessSource in, int level) {
        int disposition = (int) pick(in, 0, 255);
        String language = pick(in, 0, 1) == 0 ? "" : text(in, 5);
        long cardinality = pick(in, 0, level < MimiContent.MAX_PART_DEPTH ? 3 : 2);
        if (cardinality == 0) {
            return new NestedPart.NullPart(disposition, language);
        }
        if (cardinality == 1) {
            return new NestedPart.SinglePart(disposition, language, text(in, 12), bytes(in, 40));
        }
        if (cardinality == 2) {
            return new NestedPart.ExternalPart(disposition, language, text(in, 12), text(in, 30),
                    pick(in, 0, 0xFFFFFFFFL), in.next(Constraint.none()), (int) pick(in, 0, 0xFFFF), bytes(in, 16),
                    bytes(in, 12), bytes(in, 4), (int) pick(in, 0, 255), bytes(in, 32), text(in, 20), text(in, 10));
        }
        List<NestedPart> parts = new ArrayList<>();
        for (long k = pick(in, 2, 4); k > 0; k--) {
            parts.add(part(in, level + 1));
        }
        return new NestedPart.MultiPart(disposition, language, PartSemantics.values()[(int) pick(in, 0, 2)], parts);
    }

    private static final Gen<MimiContent> CONTENTS = in -> {
        byte[] salt = new byte[MimiContent.SALT_LENGTH];
        for (int k = 0; k < salt.length; k++) {
            salt[k] = (byte) pick(in, 0, 255);
        }
        Optional<Expiration> expires = pick(in, 0, 1) == 0 ? Optional.empty()
                : Optional.of(new Expiration(pick(in, 0, 1) == 1, pick(in, 0, Expiration.MAX_TIME)));
        return new MimiContent(salt, messageId(in), bytes(in, 20), expires, messageId(in), extensions(in),
                part(in, 1));
    };

    // Records holding byte arrays compare arrays by identity: compare a full textual rendering instead.
    private static List<String> describe(List<NestedPart> parts) {
        List<String> out = new ArrayList<>();
        java.util.HexFormat hex = java.util.HexFormat.of();
        for (NestedPart p : parts) {
            String common = p.getClass().getSimpleName() + " " + p.disposition() + " '" + p.language() + "' ";
            if (p instanceof NestedPart.SinglePart s) {
                out.add(common + s.contentType() + " " + hex.formatHex(s.content()));
            } else if (p instanceof NestedPart.ExternalPart x) {
                out.add(common + String.join("|", x.contentType(), x.url(), Long.toString(x.expires()),
                        Long.toUnsignedString(x.size()), Integer.toString(x.encAlg()), hex.formatHex(x.key()),
                        hex.formatHex(x.nonce()), hex.formatHex(x.aad()), Integer.toString(x.hashAlg()),
                        hex.formatHex(x.contentHash()), x.description(), x.filename()));
            } else if (p instanceof NestedPart.MultiPart m) {
                out.add(common + m.semantics() + " " + m.parts().size());
            } else {
                out.add(common);
            }
        }
        return out;
    }

    private static List<String> describeExtensions(Extensions extensions) {
        List<String> out = new ArrayList<>();
        for (Extensions.Extension e : extensions.entries()) {
            out.add(e.key() + "=" + java.util.HexFormat.of().formatHex(e.value()));
        }
        return out;
    }

    @Test
    void encodeDecodeEncodeIsTheIdentity() {
        qt().withExamples(500).forAll(CONTENTS).checkAssert(content -> {
            byte[] encoded = content.encode();
            MimiContent decoded = MimiContent.decode(encoded);
            assertThat(decoded.encode()).isEqualTo(encoded);
            assertThat(decoded).isEqualTo(content).hasSameHashCodeAs(content);
            assertThat(decoded.body()).isEqualTo(content.body());
            assertThat(decoded.extensions()).isEqualTo(content.extensions());
            assertThat(decoded.salt()).isEqualTo(content.salt());
            assertThat(decoded.replaces()).isEqualTo(content.replaces());
            assertThat(decoded.inReplyTo()).isEqualTo(content.inReplyTo());
            assertThat(decoded.expires()).isEqualTo(content.expires());
            assertThat(decoded.topicId()).isEqualTo(content.topicId());
            assertThat(decoded.extensions().senderUri()).isEqualTo(content.extensions().senderUri());
            assertThat(describe(decoded.partsByIndex())).isEqualTo(describe(content.partsByIndex()));
            assertThat(describeExtensions(decoded.extensions())).isEqualTo(describeExtensions(content.extensions()));
        });
    }

    @Test
    void messageIdOfTheReceivedBytesMatchesTheModelsId() {
        qt().withExamples(200).forAll(CONTENTS).checkAssert(content -> {
            if (content.extensions().senderUri().isPresent() && content.extensions().roomUri().isPresent()) {
                MessageId id = content.messageId();
                assertThat(MimiContent.messageIdOf(content.encode())).isEqualTo(id);
                assertThat(id.bytes()[0]).isEqualTo((byte) MessageId.SHA_256);
            }
        });
    }

    @Test
    void aCorruptedByteIsRefusedWithAContentExceptionOrStillRoundTrips() {
        qt().withExamples(500).forAll(CONTENTS, org.quicktheories.generators.SourceDSL.integers().all(),
                org.quicktheories.generators.SourceDSL.integers().between(1, 255)).checkAssert((content, at, x) -> {
            byte[] corrupted = content.encode();
            int index = Math.floorMod(at, corrupted.length);
            corrupted[index] = (byte) (corrupted[index] ^ x);
            try {
                assertThat(MimiContent.decode(corrupted).encode()).isEqualTo(corrupted);
            } catch (ContentException expected) {
                assertThat(expected.path()).isNotBlank();
                assertThat(expected.reason()).isNotBlank();
            }
        });
    }
}
