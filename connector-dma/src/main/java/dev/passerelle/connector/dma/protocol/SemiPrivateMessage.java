package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext;
import java.util.List;
import java.util.Objects;

/**
 * A SemiPrivateMessage (draft-mahy-mls-semiprivatemessage-07 section 3.1): a handshake message encrypted for the
 * members and for external receivers such as the hub. Carried and checked for shape only; decrypting it is the
 * hub's business. Its wire format is the draft's suggested value (TBD2, 0x0008) until IANA assigns one.
 */
public record SemiPrivateMessage(Opaque groupId, long epoch, int contentType, Opaque authenticatedData,
        Opaque partialContextHash, List<KeyForExternalReceiver> keysForExternalReceivers,
        Opaque framedContentTbsHash, Opaque encryptedSenderData, Opaque ciphertext) {

    /** One external receiver's copy of the per-message key and nonce, named by the hash of its ExternalReceiver. */
    public record KeyForExternalReceiver(Opaque externalReceiverRef, HpkeCiphertext encryptedKeysAndNonces) {

        /** Checks presence. */
        public KeyForExternalReceiver {
            Objects.requireNonNull(externalReceiverRef, "externalReceiverRef");
            Objects.requireNonNull(encryptedKeysAndNonces, "encryptedKeysAndNonces");
        }

        void encode(TlsWriter out) {
            // ExternalReceiverRef is a hash output; carried as opaque<V> like RFC 9420's HashReference.
            out.opaque(externalReceiverRef.bytes()).opaque(encryptedKeysAndNonces.kemOutput())
                    .opaque(encryptedKeysAndNonces.ciphertext());
        }

        static KeyForExternalReceiver decode(BodyReader in) {
            Opaque ref = in.opaque("externalReceiverRef");
            Opaque kem = in.opaque("kemOutput");
            Opaque ciphertext = in.opaque("ciphertext");
            return new KeyForExternalReceiver(ref, new HpkeCiphertext(kem.bytes(), ciphertext.bytes()));
        }
    }

    /** Checks presence and that the content is a handshake (application messages are never semi-private). */
    public SemiPrivateMessage {
        Objects.requireNonNull(groupId, "groupId");
        if (contentType != WireMessage.PROPOSAL && contentType != WireMessage.COMMIT) {
            throw new IllegalArgumentException("a SemiPrivateMessage carries a proposal or a commit, not content type "
                    + contentType);
        }
        Objects.requireNonNull(authenticatedData, "authenticatedData");
        Objects.requireNonNull(partialContextHash, "partialContextHash");
        keysForExternalReceivers = BodyReader.copy(keysForExternalReceivers, "keysForExternalReceivers");
        Objects.requireNonNull(framedContentTbsHash, "framedContentTbsHash");
        Objects.requireNonNull(encryptedSenderData, "encryptedSenderData");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    /** Writes the struct (without the MLSMessage header). */
    public void encode(TlsWriter out) {
        out.opaque(groupId.bytes()).uint64(epoch).uint8(contentType).opaque(authenticatedData.bytes())
                .opaque(partialContextHash.bytes());
        out.vector(keysForExternalReceivers, (w, k) -> k.encode(w));
        out.opaque(framedContentTbsHash.bytes()).opaque(encryptedSenderData.bytes()).opaque(ciphertext.bytes());
    }

    static SemiPrivateMessage decode(BodyReader in) {
        return new SemiPrivateMessage(in.opaque("groupId"), in.uint64("epoch"), in.uint8("contentType"),
                in.opaque("authenticatedData"), in.opaque("partialContextHash"),
                in.vector("keysForExternalReceivers", KeyForExternalReceiver::decode),
                in.opaque("framedContentTbsHash"), in.opaque("encryptedSenderData"), in.opaque("ciphertext"));
    }
}
