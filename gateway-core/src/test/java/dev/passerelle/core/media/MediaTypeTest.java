package dev.passerelle.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MediaTypeTest {

    @Test
    void normalisesNamesAndKeepsParameterValues() {
        MediaType type = MediaType.parse("Image/PNG ;Charset=UTF-8;  name=\"My File.png\" ");

        assertThat(type.essence()).isEqualTo("image/png");
        assertThat(type).hasToString("image/png; charset=UTF-8; name=\"My File.png\"");
        assertThat(MediaType.parse(type.toString())).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "video/mp4", "audio/ogg; codecs=opus", "text/plain; charset=\"utf-8\"", "application/ld+json"})
    void acceptsWellFormedTypes(String text) {
        assertThat(MediaType.parse(text).essence()).isEqualTo(text.split(";")[0].toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "image", "image/", "/png", "image/png/x", "ima ge/png", "image/png;",
            "image/png; charset", "text/html\r\nSet-Cookie: a=b", "text/html; a=\"unterminated", "*/*", "image/*",
            "tëxt/plain", "image/png; a=b c"})
    void refusesMalformedTypes(String text) {
        assertThatThrownBy(() -> MediaType.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type/subtype");
    }

    @Test
    void refusesOverlongTypes() {
        assertThatThrownBy(() -> MediaType.parse("application/" + "x".repeat(300)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
    }

    @Test
    void onlyImagesVideoAndAudioAreShownInPlaceAndNeverSvg() {
        assertThat(MediaType.parse("image/png").inline()).isTrue();
        assertThat(MediaType.parse("video/mp4").inline()).isTrue();
        assertThat(MediaType.parse("audio/ogg").inline()).isTrue();
        assertThat(MediaType.parse("image/svg+xml").inline()).isFalse();
        assertThat(MediaType.parse("text/html").inline()).isFalse();
        assertThat(MediaType.parse("application/pdf").inline()).isFalse();
    }

    @Test
    void aSignedTypeAdmitsItsOwnEssenceAndUntypedSourcesOnly() {
        MediaType signed = MediaType.parse("image/png");

        assertThat(signed.admits(MediaType.parse("IMAGE/png; foo=bar"))).isTrue();
        assertThat(signed.admits(MediaType.parse("application/octet-stream"))).isTrue();
        assertThat(signed.admits(MediaType.parse("image/jpeg"))).isFalse();
        assertThat(signed.admits(MediaType.parse("text/html"))).isFalse();
    }
}
