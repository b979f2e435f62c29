package dev.passerelle.connector.dma.mls.schedule;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.KeyPair;

/** The secrets of one epoch, derived by {@link KeySchedule}. Accessors return copies. */
public final class EpochSecrets {

    private final CipherSuite suite;
    private final byte[] joinerSecret;
    private final byte[] welcomeSecret;
    private final byte[] epochSecret;
    private final byte[] senderDataSecret;
    private final byte[] encryptionSecret;
    private final byte[] exporterSecret;
    private final byte[] externalSecret;
    private final byte[] confirmationKey;
    private final byte[] membershipKey;
    private final byte[] resumptionPsk;
    private final byte[] epochAuthenticator;
    private final byte[] initSecret;

    EpochSecrets(CipherSuite suite, byte[] joinerSecret, byte[] welcomeSecret, byte[] epochSecret) {
        this.suite = suite;
        this.joinerSecret = joinerSecret.clone();
        this.welcomeSecret = welcomeSecret.clone();
        this.epochSecret = epochSecret.clone();
        this.senderDataSecret = suite.deriveSecret(epochSecret, "sender data");
        this.encryptionSecret = suite.deriveSecret(epochSecret, "encryption");
        this.exporterSecret = suite.deriveSecret(epochSecret, "exporter");
        this.externalSecret = suite.deriveSecret(epochSecret, "external");
        this.confirmationKey = suite.deriveSecret(epochSecret, "confirm");
        this.membershipKey = suite.deriveSecret(epochSecret, "membership");
        this.resumptionPsk = suite.deriveSecret(epochSecret, "resumption");
        this.epochAuthenticator = suite.deriveSecret(epochSecret, "authentication");
        this.initSecret = suite.deriveSecret(epochSecret, "init");
    }

    /** Writes the three secrets every other one derives from, for durable storage. */
    public void encode(dev.passerelle.connector.dma.mls.codec.TlsWriter writer) {
        writer.opaque(joinerSecret).opaque(welcomeSecret).opaque(epochSecret);
    }

    /** Reads secrets written by {@link #encode}. */
    public static EpochSecrets decode(CipherSuite suite, dev.passerelle.connector.dma.mls.codec.TlsReader reader) {
        int at = reader.offset();
        byte[] joiner = reader.opaque();
        byte[] welcome = reader.opaque();
        byte[] epoch = reader.opaque();
        if (joiner.length != CipherSuite.NH || welcome.length != CipherSuite.NH || epoch.length != CipherSuite.NH) {
            throw new dev.passerelle.connector.dma.mls.codec.TlsDecodeException("epoch secrets of a wrong length", at);
        }
        return new EpochSecrets(suite, joiner, welcome, epoch);
    }

    /** joiner_secret: what a Welcome lets a new member start from. */
    public byte[] joinerSecret() {
        return joinerSecret.clone();
    }

    /** welcome_secret: keys the Welcome's GroupInfo encryption. */
    public byte[] welcomeSecret() {
        return welcomeSecret.clone();
    }

    /** epoch_secret: the root of this epoch's derived secrets. */
    public byte[] epochSecret() {
        return epochSecret.clone();
    }

    /** sender_data_secret: keys the sender data of PrivateMessages. */
    public byte[] senderDataSecret() {
        return senderDataSecret.clone();
    }

    /** encryption_secret: the root of the secret tree. */
    public byte[] encryptionSecret() {
        return encryptionSecret.clone();
    }

    /** exporter_secret: the root of {@link #export}. */
    public byte[] exporterSecret() {
        return exporterSecret.clone();
    }

    /** external_secret: the seed of the external HPKE key pair. */
    public byte[] externalSecret() {
        return externalSecret.clone();
    }

    /** confirmation_key: keys the confirmation tag. */
    public byte[] confirmationKey() {
        return confirmationKey.clone();
    }

    /** membership_key: keys the membership tag of PublicMessages. */
    public byte[] membershipKey() {
        return membershipKey.clone();
    }

    /** resumption_psk: for resumption pre-shared keys. */
    public byte[] resumptionPsk() {
        return resumptionPsk.clone();
    }

    /** epoch_authenticator: a value members can compare out of band. */
    public byte[] epochAuthenticator() {
        return epochAuthenticator.clone();
    }

    /** init_secret: the next epoch's starting point. */
    public byte[] initSecret() {
        return initSecret.clone();
    }

    /** The external HPKE key pair, KEM.DeriveKeyPair(external_secret). */
    public KeyPair externalKeyPair() {
        return suite.deriveKeyPair(externalSecret);
    }

    /** MLS-Exporter(label, context, length) of RFC 9420 section 8.5. */
    public byte[] export(String label, byte[] context, int length) {
        byte[] labelled = suite.deriveSecret(exporterSecret, label);
        return suite.expandWithLabel(labelled, "exported", suite.hash(context), length);
    }

    // Secrets stay out of logs.
    @Override
    public String toString() {
        return "EpochSecrets[redacted]";
    }
}
