package dev.passerelle.connector.dma.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A 32-byte MIMI message id: hash algorithm octet (0x01 = SHA-256) then 31 octets of hash; compared by content. */
public final class MessageId {

    /** Length in bytes of every message id. */
    public static final int LENGTH = 32;

    /** The hash algorithm octet of SHA-256 in the IANA named-information registry. */
    public static final int SHA_256 = 0x01;

    private final byte[] bytes;

    private MessageId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A message id from its 32 bytes (copied). */
    public static MessageId of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a message id has " + LENGTH + " bytes, got " + bytes.length);
        }
        return new MessageId(bytes.clone());
    }

    /** A message id from 64 hex digits. */
    public static MessageId ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /**
     * The id of a message per draft-ietf-mimi-content-08 section 3.3: {@code 0x01 || SHA-256(u16be(len senderUri) ||
     * senderUri || u16be(len roomUri) || roomUri || message || salt)[0..30]}, where {@code message} is the whole
     * content as received (its encoded bytes, salt included) and the URIs are UTF-8.
     */
    public static MessageId compute(byte[] message, byte[] salt, String senderUri, String roomUri) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(salt, "salt");
        byte[] sender = senderUri.getBytes(StandardCharsets.UTF_8);
        byte[] room = roomUri.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
        sha256.update(u16(sender.length, "sender URI"));
        sha256.update(sender);
        sha256.update(u16(room.length, "room URI"));
        sha256.update(room);
        sha256.update(message);
        sha256.update(salt);
        byte[] hash = sha256.digest();
        byte[] id = new byte[LENGTH];
        id[0] = SHA_256;
        System.arraycopy(hash, 0, id, 1, LENGTH - 1);
        return new MessageId(id);
    }

    private static byte[] u16(int length, String what) {
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(what + " is longer than 65535 bytes: " + length);
        }
        return new byte[] {(byte) (length >>> 8), (byte) length};
    }

    /** The 32 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 64 lowercase hex digits. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageId m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MessageId[" + hex() + "]";
    }
}
