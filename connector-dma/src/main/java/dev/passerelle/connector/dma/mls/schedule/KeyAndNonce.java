package dev.passerelle.connector.dma.mls.schedule;

import java.util.Arrays;
import java.util.Objects;

/** The AEAD key and nonce of one ratchet generation. */
public record KeyAndNonce(long generation, byte[] key, byte[] nonce) {

    /** Copies the arrays. */
    public KeyAndNonce {
        if (generation < 0 || generation > 0xffff_ffffL) {
            throw new IllegalArgumentException("generation must be a uint32, got " + generation);
        }
        key = Objects.requireNonNull(key, "key").clone();
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyAndNonce that && generation == that.generation && Arrays.equals(key, that.key)
                && Arrays.equals(nonce, that.nonce);
    }

    @Override
    public int hashCode() {
        return Objects.hash(generation, Arrays.hashCode(key), Arrays.hashCode(nonce));
    }

    // Keys stay out of logs.
    @Override
    public String toString() {
        return "KeyAndNonce[generation=" + generation + "]";
    }
}
