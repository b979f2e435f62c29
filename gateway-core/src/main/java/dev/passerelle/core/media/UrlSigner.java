package dev.passerelle.core.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns {@link SignedMedia} into the URL token {@code B64(source).B64(type).expiry.B64(mac)} and back.
 * The HMAC-SHA256 covers the encoded prefix (with a version label), so a token is authenticated before any
 * part of it is decoded; base64url has no dots, so the prefix splits one way only.
 */
final class UrlSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String LABEL = "passerelle-media-v1.";
    /** Far longer than any token we issue (sources are capped at 2,048 characters); refuses junk cheaply. */
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final Pattern B64 = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    UrlSigner(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    String sign(SignedMedia media) {
        String prefix = encode(media.source().toString()) + "." + encode(media.mediaType().toString()) + "."
                + media.expiresAt().getEpochSecond();
        return prefix + "." + ENCODER.encodeToString(mac(prefix));
    }

    /** The grant a token carries, if its signature verifies; says nothing yet about expiry. */
    SignedMedia verify(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw forbidden("the token is too long");
        }
        if (!TOKEN.matcher(token).matches()) {
            throw forbidden("the token has characters no signed token has");
        }
        int lastDot = token.lastIndexOf('.');
        if (lastDot < 0) {
            throw forbidden("the token has no signature");
        }
        String prefix = token.substring(0, lastDot);
        String signature = token.substring(lastDot + 1);
        // Compared in encoded form, so exactly one spelling of each signature is accepted.
        byte[] expected = ENCODER.encodeToString(mac(prefix)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            throw forbidden("the signature does not match");
        }
        // Authentic from here on: what follows can only fail for a token this key signed by mistake.
        String[] parts = prefix.split("\\.", -1);
        if (parts.length != 3 || !B64.matcher(parts[0]).matches() || !B64.matcher(parts[1]).matches()
                || !SECONDS.matcher(parts[2]).matches()) {
            throw forbidden("the token is malformed");
        }
        try {
            return new SignedMedia(new URI(decode(parts[0])), MediaType.parse(decode(parts[1])),
                    Instant.ofEpochSecond(Long.parseLong(parts[2])));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new MediaException(MediaException.Reason.FORBIDDEN, "the token is malformed", e);
        }
    }

    private byte[] mac(String prefix) {
        try {
            // A Mac is stateful and not thread-safe; one per call is cheap next to an HTTP exchange.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(LABEL.getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(prefix.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String encode(String text) {
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(DECODER.decode(part), StandardCharsets.UTF_8);
    }

    private static MediaException forbidden(String reason) {
        return new MediaException(MediaException.Reason.FORBIDDEN, reason);
    }
}
