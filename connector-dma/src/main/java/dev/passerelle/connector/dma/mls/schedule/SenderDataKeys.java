package dev.passerelle.connector.dma.mls.schedule;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.util.Arrays;
import java.util.Objects;

/** The key and nonce protecting a PrivateMessage's sender data (RFC 9420 section 6.3.2). */
public final class SenderDataKeys {

    private SenderDataKeys() {
    }

    /** sender_data_key: keyed by the first Nh bytes of the message's ciphertext (all of it if shorter). */
    public static byte[] key(CipherSuite suite, byte[] senderDataSecret, byte[] ciphertext) {
        return suite.expandWithLabel(senderDataSecret, "key", sample(ciphertext), CipherSuite.NK);
    }

    /** sender_data_nonce, derived like the key. */
    public static byte[] nonce(CipherSuite suite, byte[] senderDataSecret, byte[] ciphertext) {
        return suite.expandWithLabel(senderDataSecret, "nonce", sample(ciphertext), CipherSuite.NN);
    }

    private static byte[] sample(byte[] ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return Arrays.copyOf(ciphertext, Math.min(ciphertext.length, CipherSuite.NH));
    }
}
