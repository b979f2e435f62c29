package dev.passerelle.connector.dma.mls.schedule;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sender's ratchet of one type (RFC 9420 section 9.1). Each secret is deleted once the next is derived; keys
 * skipped by an out-of-order message are kept, at most {@code maxSkippedKeys} of them, oldest evicted first; a jump
 * of more than {@code maxForwardDistance} generations is refused so a peer cannot force unbounded derivations.
 */
final class HashRatchet {

    private static final long MAX_GENERATION = 0xffff_ffffL;

    private final CipherSuite suite;
    private final int maxForwardDistance;
    private final int maxSkippedKeys;
    private final Map<Long, KeyAndNonce> skipped = new LinkedHashMap<>();
    private byte[] secret;
    private long nextGeneration;

    HashRatchet(CipherSuite suite, byte[] initialSecret, int maxForwardDistance, int maxSkippedKeys) {
        this.suite = suite;
        this.secret = initialSecret.clone();
        this.maxForwardDistance = maxForwardDistance;
        this.maxSkippedKeys = maxSkippedKeys;
    }

    void encode(TlsWriter writer) {
        writer.opaque(secret).uint32(nextGeneration).vector(new java.util.ArrayList<>(skipped.values()),
                (w, k) -> w.uint32(k.generation()).opaque(k.key()).opaque(k.nonce()));
    }

    static HashRatchet decode(CipherSuite suite, TlsReader reader, int maxForwardDistance, int maxSkippedKeys) {
        int at = reader.offset();
        byte[] secret = reader.opaque();
        if (secret.length != CipherSuite.NH) {
            throw new TlsDecodeException("ratchet secret of " + secret.length + " bytes", at);
        }
        HashRatchet ratchet = new HashRatchet(suite, secret, maxForwardDistance, maxSkippedKeys);
        ratchet.nextGeneration = reader.uint32();
        for (KeyAndNonce k : reader.vector(r -> new KeyAndNonce(r.uint32(), r.opaque(), r.opaque()))) {
            if (k.generation() >= ratchet.nextGeneration || ratchet.skipped.size() >= maxSkippedKeys) {
                throw new TlsDecodeException("inconsistent kept ratchet key " + k.generation(), at);
            }
            ratchet.skipped.put(k.generation(), k);
        }
        return ratchet;
    }

    long nextGeneration() {
        return nextGeneration;
    }

    /** Keys of the next unused generation, for sending; the ratchet moves past it. */
    KeyAndNonce next() {
        return get(nextGeneration);
    }

    /**
     * The refusal of a generation behind the ratchet whose key is not kept. Within {@code maxSkippedKeys} of the next
     * generation no skipped key can have been evicted (evicting one takes that many newer skipped keys), so its key
     * was used; further back it may have been evicted unused.
     */
    private RatchetFailure spent(long generation) {
        if (nextGeneration - generation <= maxSkippedKeys) {
            return new RatchetFailure("generation " + generation + " already used", true);
        }
        return new RatchetFailure("generation " + generation + " already used or its key was deleted");
    }

    /** Keys of {@code generation}, for receiving; each generation's keys are handed out once only. */
    KeyAndNonce get(long generation) {
        if (generation < 0 || generation > MAX_GENERATION) {
            throw new RatchetFailure("generation out of range: " + generation);
        }
        if (generation < nextGeneration) {
            KeyAndNonce kept = skipped.remove(generation);
            if (kept == null) {
                throw spent(generation);
            }
            return kept;
        }
        if (generation - nextGeneration > maxForwardDistance) {
            throw new RatchetFailure("generation " + generation + " is more than " + maxForwardDistance
                    + " ahead of " + nextGeneration);
        }
        while (nextGeneration < generation) {
            KeyAndNonce keys = advance();
            skipped.put(keys.generation(), keys);
            if (skipped.size() > maxSkippedKeys) {
                skipped.remove(skipped.keySet().iterator().next());
            }
        }
        return advance();
    }

    /**
     * Keys of {@code generation} without moving the ratchet, so a message that then fails to decrypt or verify
     * costs the receiver nothing; {@link #get} consumes them once the message is accepted.
     */
    KeyAndNonce peek(long generation) {
        if (generation < 0 || generation > MAX_GENERATION) {
            throw new RatchetFailure("generation out of range: " + generation);
        }
        if (generation < nextGeneration) {
            KeyAndNonce kept = skipped.get(generation);
            if (kept == null) {
                throw spent(generation);
            }
            return kept;
        }
        if (generation - nextGeneration > maxForwardDistance) {
            throw new RatchetFailure("generation " + generation + " is more than " + maxForwardDistance
                    + " ahead of " + nextGeneration);
        }
        byte[] current = secret.clone();
        for (long g = nextGeneration; g < generation; g++) {
            byte[] following = suite.deriveTreeSecret(current, "secret", g, CipherSuite.NH);
            Arrays.fill(current, (byte) 0);
            current = following;
        }
        KeyAndNonce keys = new KeyAndNonce(generation,
                suite.deriveTreeSecret(current, "key", generation, CipherSuite.NK),
                suite.deriveTreeSecret(current, "nonce", generation, CipherSuite.NN));
        Arrays.fill(current, (byte) 0);
        return keys;
    }

    private KeyAndNonce advance() {
        if (nextGeneration == MAX_GENERATION) {
            throw new RatchetFailure("ratchet exhausted at generation " + MAX_GENERATION);
        }
        long generation = nextGeneration;
        KeyAndNonce keys = new KeyAndNonce(generation,
                suite.deriveTreeSecret(secret, "key", generation, CipherSuite.NK),
                suite.deriveTreeSecret(secret, "nonce", generation, CipherSuite.NN));
        byte[] following = suite.deriveTreeSecret(secret, "secret", generation, CipherSuite.NH);
        Arrays.fill(secret, (byte) 0);
        secret = following;
        nextGeneration = generation + 1;
        return keys;
    }
}
