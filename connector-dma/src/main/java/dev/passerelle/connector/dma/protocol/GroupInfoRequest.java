package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.Credential;
import java.util.Objects;

/**
 * GroupInfoRequest (section 5.6, {@code POST /groupInfo/{roomId}}): asks the hub for the room's GroupInfo and
 * ratchet tree for an external join, encrypted to {@code groupInfoPublicKey} and signed by the requester.
 * Protocol mls10. The draft's TBS has {@code optional opaque joiningCode<V>} where the request has
 * {@code opaque joiningCode<V>}; both are written as the request's {@code opaque joiningCode<V>} (empty: no code),
 * so the TBS is the request without its signature, as for every other signed body of the draft.
 */
public record GroupInfoRequest(int cipherSuite, Opaque requestingSignatureKey, Credential requestingCredential,
        Opaque groupInfoPublicKey, Opaque joiningCode, Opaque signature) {

    /** The SignWithLabel label of the request's signature. */
    public static final String SIGNATURE_LABEL = "GroupInfoRequestTBS";

    /** Checks presence and the suite's range. */
    public GroupInfoRequest {
        BodyReader.requireUint16(cipherSuite, "cipher_suite");
        Objects.requireNonNull(requestingSignatureKey, "requestingSignatureKey");
        Objects.requireNonNull(requestingCredential, "requestingCredential");
        Objects.requireNonNull(groupInfoPublicKey, "groupInfoPublicKey");
        Objects.requireNonNull(joiningCode, "joiningCode");
        Objects.requireNonNull(signature, "signature");
    }

    /** Whether a joining code is given (an empty one means none). */
    public boolean hasJoiningCode() {
        return !joiningCode.isEmpty();
    }

    /** GroupInfoRequestTBS: the request without its signature. */
    public byte[] toBeSigned() {
        TlsWriter out = new TlsWriter();
        encodeContent(out);
        return out.toByteArray();
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        encodeContent(out);
        out.opaque(signature.bytes());
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static GroupInfoRequest decode(byte[] body) {
        return BodyReader.decode(body, "GroupInfoRequest", in -> {
            Protocol.read(in, "protocol");
            return new GroupInfoRequest(in.uint16("cipherSuite"), in.opaque("requestingSignatureKey"),
                    in.mls("requestingCredential", Credential::decode), in.opaque("groupInfoPublicKey"),
                    in.opaque("joiningCode"), in.opaque("signature"));
        });
    }

    private void encodeContent(TlsWriter out) {
        Protocol.write(out);
        out.uint16(cipherSuite).opaque(requestingSignatureKey.bytes());
        requestingCredential.encode(out);
        out.opaque(groupInfoPublicKey.bytes()).opaque(joiningCode.bytes());
    }
}
