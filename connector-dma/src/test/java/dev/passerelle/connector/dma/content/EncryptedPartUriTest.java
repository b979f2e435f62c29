package dev.passerelle.connector.dma.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("feature:attachment")
class EncryptedPartUriTest {

    private static final byte[] KEY = HexFormat.of().parseHex("21399320958a6f4c745dde670d95e0d8");
    private static final byte[] NONCE = HexFormat.of().parseHex("c86cf2c33f21527d1dd76f5b");

    private static EncryptedPartUri sample() {
        return new EncryptedPartUri("https://example.com/storage/8ksB4bSrrRE.mp4", "video/mp4", KEY, NONCE,
                new byte[] {1, 2}, new byte[32], 708234961L);
    }

    @Test
    void roundTripsThroughItsUri() {
        URI uri = sample().toUri();
        assertThat(uri.getScheme()).isEqualTo("mimi-enc");
        assertThat(uri.getSchemeSpecificPart()).matches("[A-Za-z0-9_-]+");
        assertThat(EncryptedPartUri.parse(uri)).isEqualTo(sample());
        assertThat(EncryptedPartUri.parse(URI.create(uri.toString().replace("mimi-enc:", "MIMI-ENC:"))))
                .isEqualTo(sample());
    }

    @Test
    void itsTextNeverShowsTheKey() {
        assertThat(sample().toString()).doesNotContain(HexFormat.of().formatHex(KEY))
                .doesNotContain(Base64.getEncoder().encodeToString(KEY)).contains("key withheld");
    }

    @Test
    void onlyWellFormedAesGcmPartsHaveOne() {
        NestedPart.ExternalPart part = new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "video/mp4",
                "https://example.com/x", 0, 10, 1, KEY, NONCE, new byte[0], 1, new byte[32], "", "");
        assertThat(EncryptedPartUri.of(part)).isPresent();
        assertThat(EncryptedPartUri.of(new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "video/mp4",
                "https://example.com/x", 0, 10, 2, new byte[32], NONCE, new byte[0], 1, new byte[32], "", "")))
                .isEmpty();
        assertThat(EncryptedPartUri.of(new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "video/mp4",
                "https://example.com/x", 0, 10, 1, new byte[15], NONCE, new byte[0], 1, new byte[32], "", "")))
                .isEmpty();
        assertThat(EncryptedPartUri.of(new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "video/mp4",
                "file:///etc/passwd", 0, 10, 1, KEY, NONCE, new byte[0], 1, new byte[32], "", ""))).isEmpty();
        // Another hash algorithm's value is not checked as SHA-256: the part has no hash to check.
        assertThat(EncryptedPartUri.of(new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "video/mp4",
                "https://example.com/x", 0, 10, 1, KEY, NONCE, new byte[0], 7, new byte[48], "", ""))
                .orElseThrow().sha256()).isEmpty();
    }

    @Test
    void malformedUrisAreRefusedWithoutQuotingThem() {
        String good = sample().toUri().getSchemeSpecificPart();
        for (String bad : new String[] {"https://example.com/", "mimi-enc:a.b", "mimi-enc:" + good.substring(0, 20),
                "mimi-enc:gA", "mimi-enc:" + good + "AA"}) {
            assertThatThrownBy(() -> EncryptedPartUri.parse(URI.create(bad)))
                    .isInstanceOfSatisfying(ContentException.class,
                            e -> assertThat(e.getMessage()).doesNotContain(good.substring(0, 20)));
        }
    }
}
