package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.group.Extension;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** A member's leaf in the ratchet tree (RFC 9420 section 7.2); extension types are carried whatever they are. */
public record LeafNode(byte[] encryptionKey, byte[] signatureKey, Credential credential, Capabilities capabilities,
        LeafNodeSource source, List<Extension> extensions, byte[] signature) {

    /** Checks presence and copies arrays and lists. */
    public LeafNode {
        encryptionKey = Objects.requireNonNull(encryptionKey, "encryptionKey").clone();
        signatureKey = Objects.requireNonNull(signatureKey, "signatureKey").clone();
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(source, "source");
        extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    @Override
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    @Override
    public byte[] signatureKey() {
        return signatureKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        encodeContent(writer);
        writer.opaque(signature);
    }

    /** Reads the struct. */
    public static LeafNode decode(TlsReader reader) {
        return new LeafNode(reader.opaque(), reader.opaque(), Credential.decode(reader), Capabilities.decode(reader),
                LeafNodeSource.decode(reader), reader.vector(Extension::decode), reader.opaque());
    }

    /**
     * The LeafNodeTBS the signature covers: the content and, for leaves from an Update or a Commit, the group id
     * and leaf index that bind the leaf to its place.
     */
    public byte[] toBeSigned(byte[] groupId, int leafIndex) {
        TlsWriter writer = new TlsWriter();
        encodeContent(writer);
        if (!(source instanceof LeafNodeSource.KeyPackage)) {
            writer.opaque(Objects.requireNonNull(groupId, "groupId")).uint32(leafIndex);
        }
        return writer.toByteArray();
    }

    /** Whether the signature is valid under the leaf's own signature key. */
    public boolean verifySignature(CipherSuite suite, byte[] groupId, int leafIndex) {
        return suite.verifyWithLabel(signatureKey, "LeafNodeTBS", toBeSigned(groupId, leafIndex), signature);
    }

    private void encodeContent(TlsWriter writer) {
        writer.opaque(encryptionKey).opaque(signatureKey);
        credential.encode(writer);
        capabilities.encode(writer);
        source.encode(writer);
        writer.vector(extensions, (w, e) -> e.encode(w));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeafNode that && Arrays.equals(encryptionKey, that.encryptionKey)
                && Arrays.equals(signatureKey, that.signatureKey) && credential.equals(that.credential)
                && capabilities.equals(that.capabilities) && source.equals(that.source)
                && extensions.equals(that.extensions) && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(encryptionKey), Arrays.hashCode(signatureKey), credential, capabilities,
                source, extensions, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "LeafNode[signatureKey=" + HexFormat.of().formatHex(signatureKey) + ", credential=" + credential
                + ", source=" + source + "]";
    }
}
