package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.Credential;
import java.util.List;
import java.util.Objects;

/**
 * KeyMaterialRequest (section 5.2, {@code POST /keyMaterial/{targetUser}}): claims one KeyPackage per client of
 * the target user for use in {@code roomId}, signed by the requester. Protocol mls10.
 */
public record KeyMaterialRequest(IdentifierUri requestingUser, IdentifierUri targetUser, IdentifierUri roomId,
        List<Integer> acceptableCiphersuites, RequiredCapabilities requiredCapabilities, Opaque requesterSignatureKey,
        Credential requesterCredential, Opaque signature) {

    /** The SignWithLabel label of the request's signature. */
    public static final String SIGNATURE_LABEL = "KeyMaterialRequestTBS";

    /** Checks presence; the cipher suite list must be non-empty (section 5.2). */
    public KeyMaterialRequest {
        Objects.requireNonNull(requestingUser, "requestingUser");
        Objects.requireNonNull(targetUser, "targetUser");
        Objects.requireNonNull(roomId, "roomId");
        acceptableCiphersuites = RequiredCapabilities.uint16s(acceptableCiphersuites, "acceptableCiphersuites");
        if (acceptableCiphersuites.isEmpty()) {
            throw new IllegalArgumentException("acceptableCiphersuites must not be empty");
        }
        Objects.requireNonNull(requiredCapabilities, "requiredCapabilities");
        Objects.requireNonNull(requesterSignatureKey, "requesterSignatureKey");
        Objects.requireNonNull(requesterCredential, "requesterCredential");
        Objects.requireNonNull(signature, "signature");
    }

    /** KeyMaterialRequestTBS: the request without its signature, the input to SignWithLabel. */
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
    public static KeyMaterialRequest decode(byte[] body) {
        return BodyReader.decode(body, "KeyMaterialRequest", in -> {
            Protocol.read(in, "protocol");
            return new KeyMaterialRequest(IdentifierUri.decode(in, "requestingUser"),
                    IdentifierUri.decode(in, "targetUser"), IdentifierUri.decode(in, "roomId"),
                    in.vector("acceptableCiphersuites", r -> r.uint16("cipherSuite")),
                    RequiredCapabilities.decode(in, "requiredCapabilities"), in.opaque("requesterSignatureKey"),
                    in.mls("requesterCredential", Credential::decode), in.opaque("keyMaterialRequestSignature"));
        });
    }

    private void encodeContent(TlsWriter out) {
        Protocol.write(out);
        requestingUser.encode(out);
        targetUser.encode(out);
        roomId.encode(out);
        out.vector(acceptableCiphersuites, TlsWriter::uint16);
        requiredCapabilities.encode(out);
        out.opaque(requesterSignatureKey.bytes());
        requesterCredential.encode(out);
    }
}
