package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.tree.LeafNode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A KeyPackage (RFC 9420 section 10): how a client offers itself to be added to groups. */
public record KeyPackage(int cipherSuite, byte[] initKey, LeafNode leafNode, List<Extension> extensions,
        byte[] signature) {

    /** Checks ranges and copies arrays and lists. */
    public KeyPackage {
        if (cipherSuite < 0 || cipherSuite > 0xffff) {
            throw new IllegalArgumentException("cipher suite must be a uint16, got " + cipherSuite);
        }
        initKey = Objects.requireNonNull(initKey, "initKey").clone();
        Objects.requireNonNull(leafNode, "leafNode");
        extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    @Override
    public byte[] initKey() {
        return initKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Writes the struct (version mls10). */
    public void encode(TlsWriter writer) {
        encodeContent(writer);
        writer.opaque(signature);
    }

    /** Reads a KeyPackage; a version other than mls10 is refused. */
    public static KeyPackage decode(TlsReader reader) {
        int at = reader.offset();
        int version = reader.uint16();
        if (version != GroupContext.MLS10) {
            throw new TlsDecodeException("unsupported protocol version " + version, at);
        }
        return new KeyPackage(reader.uint16(), reader.opaque(), LeafNode.decode(reader),
                reader.vector(Extension::decode), reader.opaque());
    }

    /** The KeyPackageRef naming this KeyPackage in Welcomes: RefHash("MLS 1.0 KeyPackage Reference", value). */
    public byte[] ref(CipherSuite suite) {
        TlsWriter writer = new TlsWriter();
        encode(writer);
        return suite.refHash("MLS 1.0 KeyPackage Reference", writer.toByteArray());
    }

    /** KeyPackageTBS: everything but the signature. */
    public byte[] toBeSigned() {
        TlsWriter writer = new TlsWriter();
        encodeContent(writer);
        return writer.toByteArray();
    }

    /** Whether the signature is valid under the leaf node's signature key. */
    public boolean verifySignature(CipherSuite suite) {
        return suite.verifyWithLabel(leafNode.signatureKey(), "KeyPackageTBS", toBeSigned(), signature);
    }

    private void encodeContent(TlsWriter writer) {
        writer.uint16(GroupContext.MLS10).uint16(cipherSuite).opaque(initKey);
        leafNode.encode(writer);
        writer.vector(extensions, (w, e) -> e.encode(w));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPackage that && cipherSuite == that.cipherSuite
                && Arrays.equals(initKey, that.initKey) && leafNode.equals(that.leafNode)
                && extensions.equals(that.extensions) && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cipherSuite, Arrays.hashCode(initKey), leafNode, extensions, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "KeyPackage[cipherSuite=" + cipherSuite + ", leafNode=" + leafNode + "]";
    }
}
