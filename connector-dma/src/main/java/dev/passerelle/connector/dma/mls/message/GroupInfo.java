package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A GroupInfo (RFC 9420 section 12.4.3): the group's state as signed by the committer for joiners. */
public record GroupInfo(GroupContext groupContext, List<Extension> extensions, byte[] confirmationTag, long signer,
        byte[] signature) {

    /** Checks ranges and copies arrays and lists. */
    public GroupInfo {
        Objects.requireNonNull(groupContext, "groupContext");
        extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        confirmationTag = Objects.requireNonNull(confirmationTag, "confirmationTag").clone();
        if (signer < 0 || signer > 0xffff_ffffL) {
            throw new IllegalArgumentException("signer must be a uint32 leaf index, got " + signer);
        }
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    @Override
    public byte[] confirmationTag() {
        return confirmationTag.clone();
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
    public static GroupInfo decode(TlsReader reader) {
        return new GroupInfo(GroupContext.decode(reader), reader.vector(Extension::decode), reader.opaque(),
                reader.uint32(), reader.opaque());
    }

    /** GroupInfoTBS: everything but the signature. */
    public byte[] toBeSigned() {
        TlsWriter writer = new TlsWriter();
        encodeContent(writer);
        return writer.toByteArray();
    }

    /** Whether the signature is valid under the signer's signature key. */
    public boolean verifySignature(CipherSuite suite, byte[] signerPublicKey) {
        return suite.verifyWithLabel(signerPublicKey, "GroupInfoTBS", toBeSigned(), signature);
    }

    private void encodeContent(TlsWriter writer) {
        groupContext.encode(writer);
        writer.vector(extensions, (w, e) -> e.encode(w)).opaque(confirmationTag).uint32(signer);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GroupInfo that && groupContext.equals(that.groupContext)
                && extensions.equals(that.extensions) && Arrays.equals(confirmationTag, that.confirmationTag)
                && signer == that.signer && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupContext, extensions, Arrays.hashCode(confirmationTag), signer,
                Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "GroupInfo[" + groupContext + ", signer=" + signer + "]";
    }
}
