package dev.passerelle.connector.dma.mls.state;

import java.util.Objects;

/** A decrypted application message: the sender's leaf index, the plaintext and the authenticated data. */
public record Received(int sender, byte[] plaintext, byte[] authenticatedData) {

    /** Copies the arrays. */
    public Received {
        plaintext = Objects.requireNonNull(plaintext, "plaintext").clone();
        authenticatedData = Objects.requireNonNull(authenticatedData, "authenticatedData").clone();
    }

    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }

    @Override
    public byte[] authenticatedData() {
        return authenticatedData.clone();
    }

    @Override
    public String toString() {
        return "Received[sender=" + sender + ", " + plaintext.length + " bytes]";
    }
}
