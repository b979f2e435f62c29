package dev.passerelle.connector.dma.mls.schedule;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import java.util.Objects;

/** The key schedule of RFC 9420 section 8: from the previous init_secret and a commit to the new epoch's secrets. */
public final class KeySchedule {

    private KeySchedule() {
    }

    /** An all-zero secret: the commit_secret of a commit without a path, or the psk_secret without PSKs. */
    public static byte[] zeroSecret() {
        return new byte[CipherSuite.NH];
    }

    /**
     * Secrets of the epoch described by {@code groupContext}, reached from {@code initSecret} (the previous
     * epoch's, or a fresh random one for a new group) with {@code commitSecret} and {@code pskSecret}.
     */
    public static EpochSecrets fromInitSecret(CipherSuite suite, byte[] initSecret, byte[] commitSecret,
            byte[] pskSecret, GroupContext groupContext) {
        requireSecret(initSecret, "initSecret");
        requireSecret(commitSecret, "commitSecret");
        byte[] joinerSecret = suite.expandWithLabel(suite.extract(initSecret, commitSecret), "joiner",
                groupContext.toBytes(), CipherSuite.NH);
        return fromJoinerSecret(suite, joinerSecret, pskSecret, groupContext);
    }

    /** Secrets of the epoch a Welcome opens, from its {@code joinerSecret} and {@code pskSecret}. */
    public static EpochSecrets fromJoinerSecret(CipherSuite suite, byte[] joinerSecret, byte[] pskSecret,
            GroupContext groupContext) {
        Objects.requireNonNull(suite, "suite");
        requireSecret(joinerSecret, "joinerSecret");
        requireSecret(pskSecret, "pskSecret");
        byte[] intermediate = suite.extract(joinerSecret, pskSecret);
        byte[] welcomeSecret = suite.deriveSecret(intermediate, "welcome");
        byte[] epochSecret = suite.expandWithLabel(intermediate, "epoch", groupContext.toBytes(), CipherSuite.NH);
        return new EpochSecrets(suite, joinerSecret, welcomeSecret, epochSecret);
    }

    /**
     * welcome_secret from {@code joinerSecret} and {@code pskSecret} alone: a joiner needs it to decrypt the
     * GroupInfo before it knows the GroupContext.
     */
    public static byte[] welcomeSecret(CipherSuite suite, byte[] joinerSecret, byte[] pskSecret) {
        requireSecret(joinerSecret, "joinerSecret");
        requireSecret(pskSecret, "pskSecret");
        return suite.deriveSecret(suite.extract(joinerSecret, pskSecret), "welcome");
    }

    private static void requireSecret(byte[] secret, String name) {
        Objects.requireNonNull(secret, name);
        if (secret.length != CipherSuite.NH) {
            throw new IllegalArgumentException(name + " must be " + CipherSuite.NH + " bytes, got " + secret.length);
        }
    }
}
