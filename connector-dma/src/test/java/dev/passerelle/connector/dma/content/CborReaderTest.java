package dev.passerelle.connector.dma.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CborReaderTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static CborValue decode(String hex) {
        return CborReader.decode(hex(hex), 8);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "1817, non-shortest encoding of argument 23",
        "190017, non-shortest encoding of argument 23",
        "1a0000ffff, non-shortest encoding of argument 65535",
        "1b00000000ffffffff, non-shortest encoding of argument 4294967295",
        "580100, non-shortest encoding of argument 1",
        "9801f6, non-shortest encoding of argument 1",
        "5f4101ff, indefinite length",
        "7f6161ff, indefinite length",
        "9f01ff, indefinite length",
        "bf0101ff, indefinite length",
        "ff, indefinite length or break",
        "1c, reserved additional information 28",
        "19, truncated: head needs 2 more bytes",
        "1900, truncated: head needs 2 more bytes",
        "430102, length 3 exceeds the 2 bytes left",
        "5a7fffffff00, length 2147483647 exceeds the 1 bytes left",
        "5bffffffffffffffff, length 18446744073709551615 exceeds",
        "9bffffffffffffffff, length 18446744073709551615 exceeds",
        "83010218, truncated: head needs 1 more bytes, 0 left",
        "8201, length 2 exceeds the 1 bytes left",
        "bb0000000100000000, length 4294967296 exceeds",
        "a20100, length 2 exceeds the 2 bytes left",
        "a1, length 1 exceeds the 0 bytes left",
        "62c328, not valid UTF-8",
        "63eda080, not valid UTF-8",
        "a201000100, duplicate map key 1",
        "a22000200001, duplicate map key -1",
        "a202000100, map key 1 is out of deterministic order",
        "a2616200616100, map key \"a\" is out of deterministic order",
        "a2616100186400, map key 100 is out of deterministic order",
        "a18000, map key 0 is not an integer",
        "a1f500, map key 0 is not an integer",
        "fa3f800000, non-shortest encoding of float 1.0",
        "fb3ff0000000000000, non-shortest encoding of float 1.0",
        "fa33800000, non-shortest encoding of float",
        "fb3ff19999a0000000, non-shortest encoding of float",
        "fa7f800000, non-shortest encoding of float Infinity",
        "f97e01, the only NaN allowed",
        "f9fe00, the only NaN allowed",
        "fa7fc00000, the only NaN allowed",
        "fb7ff8000000000000, the only NaN allowed",
        "f93c, truncated: float needs 2 bytes, 1 left",
        "f7, unsupported simple value",
        "f820, unsupported simple value",
        "0000, 1 trailing bytes",
        "c2480100000000000000, bignum that fits 64 bits must be encoded as an integer",
        "c349000100000000000000, bignum with leading zero bytes",
        "c201, bignum tag must wrap a byte string",
        "'', truncated",
    })
    void refusesWithReason(String input, String reason) {
        assertThatThrownBy(() -> decode(input))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void namesThePathOfTheBadItem() {
        assertThatThrownBy(() -> decode("8301a1616182f61817"))
                .isInstanceOf(ContentException.class)
                .satisfies(e -> assertThat(((ContentException) e).path()).isEqualTo("$[1]{\"a\"}[1]"));
    }

    @Test
    void refusesNestingDeeperThanTheBound() {
        byte[] deep = new byte[100_001];
        java.util.Arrays.fill(deep, (byte) 0x81);
        deep[deep.length - 1] = 0;
        assertThatThrownBy(() -> CborReader.decode(deep, 8))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("nested deeper than 8 levels");
        assertThat(CborReader.decode(hex("8181818181818181f6"), 8)).isInstanceOf(CborValue.Array.class);
        assertThatThrownBy(() -> CborReader.decode(hex("818181818181818181f6"), 8))
                .hasMessageContaining("nested deeper than 8 levels");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "00", "17", "1818", "18ff", "190100", "1a00010000", "1b0000000100000000", "1bffffffffffffffff",
        "20", "3bffffffffffffffff", "40", "4401020304", "60", "6449455446", "80", "8301820203f6", "a0",
        "a3016161200040f5", "c249010000000000000000", "a2616101626161f4", "c11a514b67b0",
        "d8207368747470733a2f2f6578616d706c652e636f6d",
        "f4", "f5", "f6", "63e282ac", "f90000", "f98000", "f93c00", "f97bff", "f90001", "f903ff", "f97c00",
        "f9fc00", "f97e00", "fa47800000", "fa3f8ccccd", "fb3ff199999999999a", "fa00800000",
    })
    void deterministicItemsRoundTrip(String input) {
        CborValue value = decode(input);
        assertThat(HexFormat.of().formatHex(CborWriter.encode(value))).isEqualTo(input);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.0, f90000", "-0.0, f98000", "1.0, f93c00", "65504.0, f97bff", "5.960464477539063E-8, f90001",
        "65536.0, fa47800000", "1.1, fb3ff199999999999a", "Infinity, f97c00", "-Infinity, f9fc00", "NaN, f97e00",
        "1.0E300, fb7e37e43c8800759c",
    })
    void floatsAreWrittenAtTheirShortestWidth(double value, String hex) {
        assertThat(HexFormat.of().formatHex(CborWriter.encode(CborValue.Float.of(value)))).isEqualTo(hex);
    }

    @Test
    void writerSortsMapKeysByTheirEncodedBytes() {
        CborValue map = new CborValue.Map(List.of(
                new CborValue.Entry(new CborValue.Text("a"), CborValue.Int.of(1)),
                new CborValue.Entry(CborValue.Int.of(-1), CborValue.Int.of(2)),
                new CborValue.Entry(CborValue.Int.of(100), CborValue.Int.of(3)),
                new CborValue.Entry(CborValue.Int.of(1), CborValue.Int.of(4))));
        assertThat(HexFormat.of().formatHex(CborWriter.encode(map))).isEqualTo("a401041864032002616101");
    }

    @Test
    void writerRefusesDuplicateMapKeys() {
        CborValue map = new CborValue.Map(List.of(
                new CborValue.Entry(CborValue.Int.of(1), CborValue.Int.of(1)),
                new CborValue.Entry(CborValue.Int.of(1), CborValue.Int.of(2))));
        assertThatThrownBy(() -> CborWriter.encode(map)).hasMessageContaining("duplicate map key");
    }
}
