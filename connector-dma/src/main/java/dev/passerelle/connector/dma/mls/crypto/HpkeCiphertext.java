package dev.passerelle.connector.dma.mls.crypto;

import java.util.Arrays;
import java.util.Objects;

/** An HPKE ciphertext as MLS carries it: the KEM output (encapsulated key) and the AEAD ciphertext. */
public record HpkeCiphertext(byte[] kemOutput, byte[] ciphertext) {

    /** Copies both arrays so the value cannot change under its holder. */
    public HpkeCiphertext {
        kemOutput = Objects.requireNonNull(kemOutput, "kemOutput").clone();
        ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    }

    @Override
    public byte[] kemOutput() {
        return kemOutput.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HpkeCiphertext that
                && Arrays.equals(kemOutput, that.kemOutput) && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(kemOutput) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "HpkeCiphertext[kemOutput=" + kemOutput.length + " bytes, ciphertext=" + ciphertext.length + " bytes]";
    }
}
