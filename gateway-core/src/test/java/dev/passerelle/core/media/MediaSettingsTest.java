package dev.passerelle.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MediaSettingsTest {

    private static final URI BASE = URI.create("https://media.example.org/gateway");
    private static final byte[] KEY = MediaFixture.KEY;

    private static MediaSettings with(String host, int port, URI base, byte[] key, Duration ttl, long max) {
        return new MediaSettings(host, port, base, key, ttl, max);
    }

    @Test
    void defaultsAreValidAndBounded() {
        MediaSettings settings = MediaSettings.defaults(BASE, KEY);

        assertThat(settings.port()).isEqualTo(8090);
        assertThat(settings.urlTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.maxBytes()).isEqualTo(100L << 20);
        assertThat(settings.publicBaseUrl()).hasToString("https://media.example.org/gateway/");
    }

    @Test
    void theKeyIsCopiedInAndOutAndNeverPrinted() {
        byte[] key = KEY.clone();
        MediaSettings settings = MediaSettings.defaults(BASE, key);
        key[0] ^= 1;
        settings.signingKey()[1] ^= 1;

        assertThat(settings.signingKey()).isEqualTo(KEY);
        assertThat(settings).isEqualTo(MediaSettings.defaults(BASE, KEY.clone()))
                .hasSameHashCodeAs(MediaSettings.defaults(BASE, KEY.clone()))
                .isNotEqualTo(MediaSettings.defaults(BASE, MediaFixture.key("another key")));
        assertThat(settings.toString()).contains("32 bytes").doesNotContain(HexFormat.of().formatHex(KEY))
                .doesNotContain("the gateway");
    }

    @Test
    void refusesBadValuesNamingTheComponent() {
        Duration ttl = Duration.ofMinutes(5);
        assertThatThrownBy(() -> with(" ", 8090, BASE, KEY, ttl, 1)).hasMessageContaining("host");
        assertThatThrownBy(() -> with("::", 0, BASE, KEY, ttl, 1)).hasMessageContaining("port");
        assertThatThrownBy(() -> with("::", 65536, BASE, KEY, ttl, 1)).hasMessageContaining("port");
        assertThatThrownBy(() -> with("::", 8090, URI.create("ftp://x.example/"), KEY, ttl, 1))
                .hasMessageContaining("publicBaseUrl");
        assertThatThrownBy(() -> with("::", 8090, URI.create("/relative"), KEY, ttl, 1))
                .hasMessageContaining("publicBaseUrl");
        assertThatThrownBy(() -> with("::", 8090, URI.create("https://x.example/?a=b"), KEY, ttl, 1))
                .hasMessageContaining("publicBaseUrl");
        assertThatThrownBy(() -> with("::", 8090, BASE, new byte[31], ttl, 1)).hasMessageContaining("signingKey")
                .hasMessageContaining("31");
        assertThatThrownBy(() -> with("::", 8090, BASE, KEY, Duration.ofMillis(999), 1)).hasMessageContaining("urlTtl");
        assertThatThrownBy(() -> with("::", 8090, BASE, KEY, ttl, 0)).hasMessageContaining("maxBytes");
    }
}
