package dev.passerelle.connector.dma.mls.schedule;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The transcript hashes of RFC 9420 section 8.2 and the confirmation tag that binds a commit to the confirmed
 * transcript hash.
 */
public final class TranscriptHashes {

    private TranscriptHashes() {
    }

    /**
     * confirmed_transcript_hash = Hash(interim_transcript_hash_before || ConfirmedTranscriptHashInput), the input
     * being the commit's wire_format, FramedContent and signature as encoded.
     */
    public static byte[] confirmed(CipherSuite suite, byte[] interimBefore, byte[] confirmedInput) {
        return suite.hash(concat(interimBefore, confirmedInput));
    }

    /** interim_transcript_hash = Hash(confirmed_transcript_hash || InterimTranscriptHashInput{confirmation_tag<V>}). */
    public static byte[] interim(CipherSuite suite, byte[] confirmed, byte[] confirmationTag) {
        return suite.hash(concat(confirmed, new TlsWriter().opaque(confirmationTag).toByteArray()));
    }

    /** The confirmation tag of a commit: MAC(confirmation_key, confirmed_transcript_hash). */
    public static byte[] confirmationTag(CipherSuite suite, byte[] confirmationKey, byte[] confirmed) {
        return suite.mac(confirmationKey, confirmed);
    }

    /** Whether {@code tag} is the confirmation tag of {@code confirmed}, compared in constant time. */
    public static boolean verifyConfirmationTag(CipherSuite suite, byte[] confirmationKey, byte[] confirmed,
            byte[] tag) {
        return MessageDigest.isEqual(confirmationTag(suite, confirmationKey, confirmed), tag);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        Objects.requireNonNull(a, "first");
        Objects.requireNonNull(b, "second");
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
