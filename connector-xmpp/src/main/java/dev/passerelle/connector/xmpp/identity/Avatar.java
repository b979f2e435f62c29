package dev.passerelle.connector.xmpp.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An avatar image: its media type (for the vCard's TYPE) and its bytes. */
public record Avatar(String mediaType, byte[] bytes) {

    /** vCards travel inside one stanza: keep avatars well below the servers' stanza size limits. */
    public static final int MAX_BYTES = 128 * 1024;

    public Avatar {
        if (mediaType == null || !mediaType.matches("image/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}")) {
            throw new IllegalArgumentException("mediaType must be an image/* type, was " + mediaType);
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("bytes must not be empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("an avatar must be at most " + MAX_BYTES + " bytes, was " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The XEP-0153 hash: SHA-1 of the image bytes, lower-case hex. */
    public String sha1() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
