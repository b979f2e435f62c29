package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext;
import java.util.Objects;
import java.util.Optional;

/**
 * GroupInfoResponse (section 5.6): on success the hub's external-sender identity and the encrypted
 * {@link GroupInfoRatchetTreeTbe}, signed by the hub; otherwise the status alone. The draft names the protocol
 * field {@code version} and selects on {@code protocol}: it is the Protocol field, mls10. Its TBS has no select on
 * the status; a signature only exists on success, so the TBS is the success response without its signature.
 */
public record GroupInfoResponse(IdentifierUri roomId, Code status, Optional<Success> success) {

    /** The SignWithLabel label of the hub's signature. */
    public static final String SIGNATURE_LABEL = "GroupInfoResponseTBS";

    /** The HPKE EncryptWithLabel label of the encrypted GroupInfo and tree (context: the room id). */
    public static final String ENCRYPTION_LABEL = "GroupInfo and ratchet_tree encryption";

    /** GroupInfoCode. */
    public enum Code implements Coded {
        /** The GroupInfo and tree follow. */
        SUCCESS(1),
        /** The requester may not have it. */
        NOT_AUTHORIZED(2),
        /** No such room (or the hub says notAuthorized instead). */
        NO_SUCH_ROOM(3);

        private final int code;

        Code(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** The success part: the suite, the hub as external sender, the ciphertext and the hub's signature. */
    public record Success(int cipherSuite, ExternalSender hubSender, HpkeCiphertext encryptedGroupInfoAndTree,
            Opaque signature) {

        /** Checks presence and the suite's range. */
        public Success {
            BodyReader.requireUint16(cipherSuite, "cipher_suite");
            Objects.requireNonNull(hubSender, "hubSender");
            Objects.requireNonNull(encryptedGroupInfoAndTree, "encryptedGroupInfoAndTree");
            Objects.requireNonNull(signature, "signature");
        }

        void encodeContent(TlsWriter out) {
            out.uint16(cipherSuite);
            hubSender.encode(out);
            out.opaque(encryptedGroupInfoAndTree.kemOutput()).opaque(encryptedGroupInfoAndTree.ciphertext());
        }

        static Success decode(BodyReader in) {
            int suite = in.uint16("cipherSuite");
            ExternalSender hub = ExternalSender.decode(in, "hubSender");
            HpkeCiphertext ciphertext = in.field("encryptedGroupinfoAndTree",
                    r -> new HpkeCiphertext(r.opaque("kemOutput").bytes(), r.opaque("ciphertext").bytes()));
            return new Success(suite, hub, ciphertext, in.opaque("signature"));
        }
    }

    /** Checks the success part is present exactly with success. */
    public GroupInfoResponse {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(success, "success");
        if (success.isPresent() != (status == Code.SUCCESS)) {
            throw new IllegalArgumentException("the success part is present exactly with status success");
        }
    }

    /** A success. */
    public static GroupInfoResponse success(IdentifierUri roomId, Success success) {
        return new GroupInfoResponse(roomId, Code.SUCCESS, Optional.of(success));
    }

    /** A refusal. */
    public static GroupInfoResponse refused(IdentifierUri roomId, Code status) {
        return new GroupInfoResponse(roomId, status, Optional.empty());
    }

    /**
     * GroupInfoResponseTBS for a success with these parts: what the hub signs with {@link #SIGNATURE_LABEL} (the
     * {@code signature} of {@code success} is not part of it).
     */
    public static byte[] toBeSigned(IdentifierUri roomId, Success success) {
        TlsWriter out = new TlsWriter();
        encodeHead(out, roomId, Code.SUCCESS);
        success.encodeContent(out);
        return out.toByteArray();
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        encodeHead(out, roomId, status);
        success.ifPresent(s -> {
            s.encodeContent(out);
            out.opaque(s.signature().bytes());
        });
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body; reserved(0) and unknown status codes are refused. */
    public static GroupInfoResponse decode(byte[] body) {
        return BodyReader.decode(body, "GroupInfoResponse", in -> {
            Protocol.read(in, "version");
            IdentifierUri roomId = IdentifierUri.decode(in, "roomId");
            Code status = in.code("status", Code.values());
            if (status == Code.SUCCESS) {
                return success(roomId, in.field("success", Success::decode));
            }
            return refused(roomId, status);
        });
    }

    private static void encodeHead(TlsWriter out, IdentifierUri roomId, Code status) {
        Protocol.write(out);
        // room_id is opaque<V>: the same bytes as an IdentifierUri holding the room's URI.
        roomId.encode(out);
        out.uint8(status.code());
    }
}
