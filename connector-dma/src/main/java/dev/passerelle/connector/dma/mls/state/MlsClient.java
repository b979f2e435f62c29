package dev.passerelle.connector.dma.mls.state;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.KeyPair;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.tree.Capabilities;
import dev.passerelle.connector.dma.mls.tree.Credential;
import dev.passerelle.connector.dma.mls.tree.LeafNode;
import dev.passerelle.connector.dma.mls.tree.LeafNodeSource;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One MLS client identity for cipher suite 1: a basic credential and its Ed25519 signature key pair. It makes
 * KeyPackages, each with fresh X25519 init and leaf keys kept in the returned {@link KeyPackageBundle}.
 */
public final class MlsClient {

    /** Extension type last_resort (RFC 9420 section 17.3). */
    public static final int LAST_RESORT_EXTENSION = 10;
    /** Version of the serialised form written by {@link #toBytes}. */
    public static final int FORMAT_VERSION = 1;

    private final CipherSuite suite;
    private final byte[] identity;
    private final KeyPair signatureKeys;
    private final List<Integer> customProposalTypes;

    private MlsClient(CipherSuite suite, byte[] identity, KeyPair signatureKeys, List<Integer> customProposalTypes) {
        this.customProposalTypes = List.copyOf(customProposalTypes);
        for (int type : this.customProposalTypes) {
            if (type <= 7 || type > 0xffff) {
                throw new IllegalArgumentException("not a custom proposal type: " + type);
            }
        }
        this.suite = Objects.requireNonNull(suite, "suite");
        this.identity = Objects.requireNonNull(identity, "identity").clone();
        this.signatureKeys = Objects.requireNonNull(signatureKeys, "signatureKeys");
        if (!Arrays.equals(suite.signaturePublicKey(signatureKeys.privateKey()), signatureKeys.publicKey())) {
            throw new IllegalArgumentException("the signature public key does not match the private key");
        }
    }

    /** A new client with basic credential {@code identity} and a fresh signature key pair. */
    public static MlsClient generate(CipherSuite suite, byte[] identity, SecureRandom random) {
        return generate(suite, identity, List.of(), random);
    }

    /** As {@link #generate(CipherSuite, byte[], SecureRandom)}, announcing support for custom proposal types. */
    public static MlsClient generate(CipherSuite suite, byte[] identity, List<Integer> customProposalTypes,
            SecureRandom random) {
        return new MlsClient(suite, identity, suite.generateSignatureKeyPair(random), customProposalTypes);
    }

    /** A client with a given signature key pair (restored or provisioned elsewhere). */
    public static MlsClient of(CipherSuite suite, byte[] identity, KeyPair signatureKeys,
            List<Integer> customProposalTypes) {
        return new MlsClient(suite, identity, signatureKeys, customProposalTypes);
    }

    /** The cipher suite. */
    public CipherSuite suite() {
        return suite;
    }

    /** The basic credential. */
    public Credential credential() {
        return new Credential.Basic(identity);
    }

    /** The signature public key. */
    public byte[] signaturePublicKey() {
        return signatureKeys.publicKey();
    }

    byte[] signaturePrivateKey() {
        return signatureKeys.privateKey();
    }

    /** What this client announces it supports: MLS 1.0, suite 1, basic credentials, its custom proposal types. */
    public Capabilities capabilities() {
        return new Capabilities(List.of(1), List.of(suite.id()), List.of(LAST_RESORT_EXTENSION),
                customProposalTypes, List.of(Credential.BASIC));
    }

    /**
     * A new KeyPackage valid from {@code notBefore} to {@code notAfter} (seconds since the Unix epoch); with
     * {@code lastResort} it carries the last_resort extension (it may then be used more than once).
     */
    public KeyPackageBundle newKeyPackage(long notBefore, long notAfter, boolean lastResort, SecureRandom random) {
        if (Long.compareUnsigned(notBefore, notAfter) > 0) {
            throw new IllegalArgumentException("notBefore is after notAfter");
        }
        KeyPair leafKeys = suite.deriveKeyPair(randomBytes(random));
        KeyPair initKeys = suite.deriveKeyPair(randomBytes(random));
        LeafNode unsigned = new LeafNode(leafKeys.publicKey(), signatureKeys.publicKey(), credential(),
                capabilities(), new LeafNodeSource.KeyPackage(notBefore, notAfter), List.of(), new byte[0]);
        byte[] leafSignature = suite.signWithLabel(signatureKeys.privateKey(), "LeafNodeTBS",
                unsigned.toBeSigned(null, 0));
        LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), unsigned.credential(),
                unsigned.capabilities(), unsigned.source(), unsigned.extensions(), leafSignature);
        List<Extension> extensions = lastResort ? List.of(new Extension(LAST_RESORT_EXTENSION, new byte[0]))
                : List.of();
        KeyPackage tbs = new KeyPackage(suite.id(), initKeys.publicKey(), leaf, extensions, new byte[0]);
        byte[] signature = suite.signWithLabel(signatureKeys.privateKey(), "KeyPackageTBS", tbs.toBeSigned());
        KeyPackage keyPackage = new KeyPackage(suite.id(), initKeys.publicKey(), leaf, extensions, signature);
        return new KeyPackageBundle(keyPackage, initKeys.privateKey(), leafKeys.privateKey());
    }

    private static byte[] randomBytes(SecureRandom random) {
        byte[] out = new byte[CipherSuite.NH];
        random.nextBytes(out);
        return out;
    }

    /**
     * The versioned serialised form, private key included: {@code uint16 version, uint16 suite, opaque identity,
     * opaque signature private key, uint16 custom_proposal_types<V>}. Store it as a secret.
     */
    public byte[] toBytes() {
        return new TlsWriter().uint16(FORMAT_VERSION).uint16(suite.id()).opaque(identity)
                .opaque(signatureKeys.privateKey()).vector(customProposalTypes, TlsWriter::uint16).toByteArray();
    }

    /** Reads {@link #toBytes}; an unknown version or suite is refused with a {@link TlsDecodeException}. */
    public static MlsClient fromBytes(byte[] bytes) {
        TlsReader reader = new TlsReader(bytes);
        int version = reader.uint16();
        if (version != FORMAT_VERSION) {
            throw new TlsDecodeException("unsupported client format version " + version, 0);
        }
        int suiteId = reader.uint16();
        if (suiteId != CipherSuite.ID) {
            throw new TlsDecodeException("unsupported cipher suite " + suiteId, 2);
        }
        byte[] identity = reader.opaque();
        int at = reader.offset();
        byte[] privateKey = reader.opaque();
        int typesAt = reader.offset();
        List<Integer> customTypes = reader.vector(TlsReader::uint16);
        reader.finish();
        if (privateKey.length != 32) {
            throw new TlsDecodeException("signature private key of " + privateKey.length + " bytes", at);
        }
        if (customTypes.stream().anyMatch(t -> t <= 7)) {
            throw new TlsDecodeException("a stored custom proposal type is not custom", typesAt);
        }
        CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
        return new MlsClient(suite, identity, new KeyPair(privateKey, suite.signaturePublicKey(privateKey)),
                customTypes);
    }

    @Override
    public String toString() {
        return "MlsClient[" + credential() + "]";
    }
}
