package dev.passerelle.connector.dma.mls.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.passerelle.connector.dma.mls.TestVectors;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TlsCodecTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @TestFactory
    Stream<DynamicTest> deserializationVectorsDecodeAndReencode() {
        return TestVectors.all("deserialization.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            byte[] header = TestVectors.hex(c.json(), "vlbytes_header");
            int length = c.json().get("length").asInt();
            TlsReader reader = new TlsReader(header);
            assertThat(reader.varint()).isEqualTo(length);
            reader.finish();
            assertThat(new TlsWriter().varint(length).toByteArray()).isEqualTo(header);
        }));
    }

    @Test
    void fixedWidthIntegersAreBigEndian() {
        TlsReader reader = new TlsReader(hex("01" + "0203" + "04050607" + "08090a0b0c0d0e0f" + "ffffffff"));
        assertThat(reader.uint8()).isEqualTo(1);
        assertThat(reader.uint16()).isEqualTo(0x0203);
        assertThat(reader.uint32()).isEqualTo(0x04050607L);
        assertThat(reader.uint64()).isEqualTo(0x08090a0b0c0d0e0fL);
        assertThat(reader.uint32()).isEqualTo(0xffffffffL);
        reader.finish();
    }

    @Test
    void reservedVarintPrefixIsRefused() {
        assertThatThrownBy(() -> new TlsReader(hex("c0000000")).varint())
                .isInstanceOfSatisfying(TlsDecodeException.class, e -> {
                    assertThat(e.reason()).contains("reserved");
                    assertThat(e.offset()).isZero();
                });
    }

    @Test
    void nonMinimalVarintsAreRefused() {
        assertThatThrownBy(() -> new TlsReader(hex("4025")).varint())
                .isInstanceOfSatisfying(TlsDecodeException.class, e -> assertThat(e.reason()).contains("minimal"));
        assertThatThrownBy(() -> new TlsReader(hex("80003fff")).varint())
                .isInstanceOfSatisfying(TlsDecodeException.class, e -> assertThat(e.reason()).contains("minimal"));
        assertThat(new TlsReader(hex("80004000")).varint()).isEqualTo(16384);
    }

    @Test
    void truncatedInputReportsTheOffset() {
        TlsReader reader = new TlsReader(hex("0001"));
        reader.uint8();
        assertThatThrownBy(reader::uint32).isInstanceOfSatisfying(TlsDecodeException.class, e -> {
            assertThat(e.offset()).isEqualTo(1);
            assertThat(e.reason()).contains("needs 4 bytes but 1 remain");
        });
    }

    @Test
    void aHugeLengthPrefixIsRefusedBeforeAllocating() {
        // bfffffff announces 2^30 - 1 bytes; only two follow.
        assertThatThrownBy(() -> new TlsReader(hex("bfffffff0102"), Integer.MAX_VALUE).opaque())
                .isInstanceOfSatisfying(TlsDecodeException.class, e -> {
                    assertThat(e.offset()).isZero();
                    assertThat(e.reason()).contains("exceeds the 2 bytes remaining");
                });
    }

    @Test
    void theMaximumVectorLengthIsEnforced() {
        byte[] encoded = new TlsWriter().opaque(new byte[10]).toByteArray();
        assertThat(new TlsReader(encoded, 10).opaque()).hasSize(10);
        assertThatThrownBy(() -> new TlsReader(encoded, 9).opaque())
                .isInstanceOfSatisfying(TlsDecodeException.class,
                        e -> assertThat(e.reason()).contains("exceeds the maximum 9"));
    }

    @Test
    void anItemRunningPastItsVectorIsRefused() {
        // Vector of 3 bytes holding a uint16 then a uint16 that would cross the vector's end.
        byte[] encoded = hex("03" + "0001" + "02" + "03");
        assertThatThrownBy(() -> new TlsReader(encoded).vector(TlsReader::uint16))
                .isInstanceOfSatisfying(TlsDecodeException.class, e -> assertThat(e.offset()).isEqualTo(3));
    }

    @Test
    void aVectorOfEmptyElementsIsRefusedRatherThanLoopingForever() {
        assertThatThrownBy(() -> new TlsReader(hex("0100")).vector(r -> "nothing read"))
                .isInstanceOfSatisfying(TlsDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo("vector element consumed no bytes"));
    }

    @Test
    void trailingBytesAreRefusedByFinish() {
        TlsReader reader = new TlsReader(hex("0102"));
        reader.uint8();
        assertThatThrownBy(reader::finish)
                .isInstanceOfSatisfying(TlsDecodeException.class, e -> assertThat(e.offset()).isEqualTo(1));
    }

    @Test
    void optionalPresenceByteMustBeZeroOrOne() {
        assertThat(new TlsReader(hex("00")).optional(TlsReader::uint8)).isEmpty();
        assertThat(new TlsReader(hex("0107")).optional(TlsReader::uint8)).contains(7);
        assertThatThrownBy(() -> new TlsReader(hex("0207")).optional(TlsReader::uint8))
                .isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void writerRefusesOutOfRangeValues() {
        assertThatThrownBy(() -> new TlsWriter().uint8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsWriter().uint16(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsWriter().varint(1 << 30)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void varintsRoundTrip() {
        qt().forAll(integers().between(0, TlsReader.MAX_VARINT)).checkAssert(value -> {
            byte[] encoded = new TlsWriter().varint(value).toByteArray();
            TlsReader reader = new TlsReader(encoded);
            assertThat(reader.varint()).isEqualTo(value);
            reader.finish();
            int expectedSize = value < 64 ? 1 : value < 16384 ? 2 : 4;
            assertThat(encoded).hasSize(expectedSize);
        });
    }

    @Test
    void structsOfIntegersAndOpaquesRoundTrip() {
        qt().forAll(longs().all(), integers().between(0, 0xffff),
                lists().of(integers().between(0, 255)).ofSizeBetween(0, 300))
                .checkAssert((u64, u16, bytes) -> {
                    byte[] opaque = new byte[bytes.size()];
                    for (int i = 0; i < opaque.length; i++) {
                        opaque[i] = (byte) (int) bytes.get(i);
                    }
                    byte[] encoded = new TlsWriter().uint64(u64).uint16(u16).opaque(opaque)
                            .optional(Optional.of(u16), TlsWriter::uint16).toByteArray();
                    TlsReader reader = new TlsReader(encoded);
                    assertThat(reader.uint64()).isEqualTo(u64);
                    assertThat(reader.uint16()).isEqualTo(u16);
                    assertThat(reader.opaque()).isEqualTo(opaque);
                    assertThat(reader.optional(TlsReader::uint16)).contains(u16);
                    reader.finish();
                });
    }

    @Test
    void vectorsOfStructsRoundTrip() {
        qt().forAll(lists().of(lists().of(integers().between(0, (int) 0xffff)).ofSizeBetween(0, 5))
                .ofSizeBetween(0, 40)).checkAssert(outer -> {
                    byte[] encoded = new TlsWriter()
                            .vector(outer, (w, inner) -> w.vector(inner, TlsWriter::uint16)).toByteArray();
                    TlsReader reader = new TlsReader(encoded);
                    List<List<Integer>> decoded = reader.vector(r -> r.vector(TlsReader::uint16));
                    reader.finish();
                    assertThat(decoded).isEqualTo(outer);
                });
    }

    @Test
    void truncatingAnEncodingAlwaysGivesATypedError() {
        byte[] full = new TlsWriter().uint32(7).opaque(new byte[70]).vector(List.of(1, 2, 3), TlsWriter::uint16)
                .toByteArray();
        qt().forAll(integers().between(0, full.length - 1)).checkAssert(cut -> {
            TlsReader reader = new TlsReader(Arrays.copyOf(full, cut));
            assertThatThrownBy(() -> {
                reader.uint32();
                reader.opaque();
                reader.vector(TlsReader::uint16);
            }).isInstanceOf(TlsDecodeException.class);
        });
    }
}
