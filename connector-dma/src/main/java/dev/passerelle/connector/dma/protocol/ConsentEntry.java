package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * ConsentEntry (section 5.7): the body of {@code requestConsent} (request, cancel) and {@code updateConsent}
 * (grant, revoke). The draft leaves {@code RoomId} undefined: it is read as an IdentifierUri (the room's URI).
 * A grant may carry KeyPackages of the target's clients.
 */
public record ConsentEntry(Operation consentOperation, IdentifierUri requesterUri, IdentifierUri targetUri,
        Optional<IdentifierUri> roomId, List<KeyPackage> clientKeyPackages, AppDataDictionary consentExtensions) {

    /** ConsentOperation. */
    public enum Operation implements Coded {
        /** Withdraw an earlier request with the same scope. */
        CANCEL(0),
        /** Ask the target for consent. */
        REQUEST(1),
        /** Consent given. */
        GRANT(2),
        /** Consent withdrawn or refused in advance. */
        REVOKE(3);

        private final int code;

        Operation(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        /** Whether this operation is sent to requestConsent (otherwise to updateConsent). */
        public boolean isRequestSide() {
            return this == CANCEL || this == REQUEST;
        }
    }

    /** Checks presence; only a grant carries KeyPackages. */
    public ConsentEntry {
        Objects.requireNonNull(consentOperation, "consentOperation");
        Objects.requireNonNull(requesterUri, "requesterUri");
        Objects.requireNonNull(targetUri, "targetUri");
        Objects.requireNonNull(roomId, "roomId");
        clientKeyPackages = BodyReader.copy(clientKeyPackages, "clientKeyPackages");
        Objects.requireNonNull(consentExtensions, "consentExtensions");
        if (!clientKeyPackages.isEmpty() && consentOperation != Operation.GRANT) {
            throw new IllegalArgumentException("only a grant carries client KeyPackages");
        }
    }

    /** The ConsentScope this entry is about. */
    public ConsentScope scope() {
        return new ConsentScope(requesterUri, targetUri, roomId);
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        out.uint8(consentOperation.code());
        requesterUri.encode(out);
        targetUri.encode(out);
        out.optional(roomId, (w, r) -> r.encode(w));
        if (consentOperation == Operation.GRANT) {
            out.vector(clientKeyPackages, (w, k) -> k.encode(w));
        }
        consentExtensions.encode(out);
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static ConsentEntry decode(byte[] body) {
        return BodyReader.decode(body, "ConsentEntry", in -> {
            Operation operation = in.code("consentOperation", Operation.values());
            IdentifierUri requester = IdentifierUri.decode(in, "requesterUri");
            IdentifierUri target = IdentifierUri.decode(in, "targetUri");
            Optional<IdentifierUri> room = in.optional("roomId", r -> IdentifierUri.decode(r, "uri"));
            List<KeyPackage> keyPackages = operation == Operation.GRANT
                    ? in.vector("clientKeyPackages", r -> r.mls("keyPackage", KeyPackage::decode))
                    : List.of();
            return new ConsentEntry(operation, requester, target, room, keyPackages,
                    AppDataDictionary.decode(in, "consentExtensions"));
        });
    }
}
