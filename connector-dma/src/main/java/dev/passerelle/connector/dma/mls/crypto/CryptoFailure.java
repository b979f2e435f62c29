package dev.passerelle.connector.dma.mls.crypto;

/** A cryptographic operation refused its input: a ciphertext that does not authenticate, a malformed key. */
public final class CryptoFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, caused by {@code cause} (may be null). */
    public CryptoFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
