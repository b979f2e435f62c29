package dev.passerelle.connector.matrix.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PathSegmentTest {

    @Test
    void matrixSigilsAndSeparatorsAreEscaped() {
        assertThat(PathSegment.encode("!room:hs.example")).isEqualTo("%21room%3Ahs.example");
        assertThat(PathSegment.encode("$Ab/c+d=")).isEqualTo("%24Ab%2Fc%2Bd%3D");
        assertThat(PathSegment.encode("@u:hs")).isEqualTo("%40u%3Ahs");
        assertThat(PathSegment.encode("#a b?c")).isEqualTo("%23a%20b%3Fc");
        assertThat(PathSegment.encode("é")).isEqualTo("%C3%A9");
        assertThat(PathSegment.encode("m.room.message_~-1")).isEqualTo("m.room.message_~-1");
        assertThat(PathSegment.encode("")).isEmpty();
    }

    @Test
    void dotSegmentsAreRefused() {
        assertThatThrownBy(() -> PathSegment.encode("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathSegment.encode(".")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodingKeepsOnlyUnreservedCharactersAndDecodesBack() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 40)).assuming(s -> !s.equals(".") && !s.equals(".."))
                .check(s -> {
                    String encoded = PathSegment.encode(s);
                    // '+' never appears, so URLDecoder's form decoding equals percent-decoding here.
                    return encoded.matches("[A-Za-z0-9._~%-]*")
                            && URLDecoder.decode(encoded, StandardCharsets.UTF_8)
                                    .equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                });
    }
}
