package dev.passerelle.connector.dma.protocol;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An immutable byte string: the value of an {@code opaque} field, compared by content. */
public final class Opaque {

    private static final Opaque EMPTY = new Opaque(new byte[0]);
    private static final int SHOWN_BYTES = 16;

    private final byte[] bytes;

    private Opaque(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Opaque of(byte[] bytes) {
        return new Opaque(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** The empty byte string. */
    public static Opaque empty() {
        return EMPTY;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** Whether there are no bytes. */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Opaque that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        // Bodies can be large (KeyPackages, assets): show a prefix only.
        int shown = Math.min(bytes.length, SHOWN_BYTES);
        String more = shown < bytes.length ? "...(" + bytes.length + " bytes)" : "";
        return HexFormat.of().formatHex(bytes, 0, shown) + more;
    }
}
