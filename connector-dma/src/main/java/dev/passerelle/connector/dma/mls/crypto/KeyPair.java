package dev.passerelle.connector.dma.mls.crypto;

import java.util.Arrays;
import java.util.Objects;

/** A raw private and public key (HPKE X25519 or Ed25519), in the encodings the MLS test vectors use. */
public record KeyPair(byte[] privateKey, byte[] publicKey) {

    /** Copies both arrays so the value cannot change under its holder. */
    public KeyPair {
        privateKey = Objects.requireNonNull(privateKey, "privateKey").clone();
        publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPair that
                && Arrays.equals(privateKey, that.privateKey) && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(privateKey) + Arrays.hashCode(publicKey);
    }

    // Never print the private key.
    @Override
    public String toString() {
        return "KeyPair[publicKey=" + java.util.HexFormat.of().formatHex(publicKey) + "]";
    }
}
