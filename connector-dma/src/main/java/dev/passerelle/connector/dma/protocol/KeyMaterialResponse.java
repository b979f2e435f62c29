package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.tree.Capabilities;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** KeyMaterialResponse (section 5.2): the user's status and, per client, a KeyPackage or why there is none. */
public record KeyMaterialResponse(UserCode userStatus, IdentifierUri userUri, List<ClientKeyMaterial> clients) {

    /** KeyMaterialUserCode (the draft separates some values with {@code ;}: read as an ordinary uint8 enum). */
    public enum UserCode implements Coded {
        /** Key material for every client. */
        SUCCESS(0),
        /** Key material for at least one client. */
        PARTIAL_SUCCESS(1),
        /** The protocol is not supported by the provider or by any client. */
        INCOMPATIBLE_PROTOCOL(2),
        /** No client could meet the required capabilities. */
        NO_COMPATIBLE_MATERIAL(3),
        /** The target user is not known. */
        USER_UNKNOWN(4),
        /** No consent (also usable as a catch-all for privacy). */
        NO_CONSENT(5),
        /** Consent exists, but not for this room. */
        NO_CONSENT_FOR_THIS_ROOM(6),
        /** The user existed and was deleted. */
        USER_DELETED(7);

        private final int code;

        UserCode(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        /** Whether the clients list may be populated with this code (section 5.2: MUST NOT for the others). */
        public boolean mayListClients() {
            return this == SUCCESS || this == PARTIAL_SUCCESS || this == NO_COMPATIBLE_MATERIAL;
        }
    }

    /** KeyMaterialClientCode. */
    public enum ClientCode implements Coded {
        /** A KeyPackage follows. */
        SUCCESS(0),
        /** The client has no KeyPackage left. */
        KEY_MATERIAL_EXHAUSTED(1),
        /** Nothing meets the required capabilities; the client's capabilities may follow. */
        NOTHING_COMPATIBLE(2);

        private final int code;

        ClientCode(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** ClientKeyMaterial: one client's outcome (protocol mls10, as in the enclosing response). */
    public record ClientKeyMaterial(ClientCode clientStatus, IdentifierUri clientUri, Optional<KeyPackage> keyPackage,
            Optional<Capabilities> clientCapabilities) {

        /** Checks a KeyPackage comes exactly with success and capabilities only with nothingCompatible. */
        public ClientKeyMaterial {
            Objects.requireNonNull(clientStatus, "clientStatus");
            Objects.requireNonNull(clientUri, "clientUri");
            Objects.requireNonNull(keyPackage, "keyPackage");
            Objects.requireNonNull(clientCapabilities, "clientCapabilities");
            if (keyPackage.isPresent() != (clientStatus == ClientCode.SUCCESS)) {
                throw new IllegalArgumentException("a KeyPackage is present exactly when the client status is success");
            }
            if (clientCapabilities.isPresent() && clientStatus != ClientCode.NOTHING_COMPATIBLE) {
                throw new IllegalArgumentException("capabilities are only carried with nothingCompatible");
            }
        }

        /** A client's KeyPackage. */
        public static ClientKeyMaterial success(IdentifierUri clientUri, KeyPackage keyPackage) {
            return new ClientKeyMaterial(ClientCode.SUCCESS, clientUri, Optional.of(keyPackage), Optional.empty());
        }

        /** A client with no KeyPackage left. */
        public static ClientKeyMaterial exhausted(IdentifierUri clientUri) {
            return new ClientKeyMaterial(ClientCode.KEY_MATERIAL_EXHAUSTED, clientUri, Optional.empty(),
                    Optional.empty());
        }

        /** A client with nothing compatible, its capabilities shown or withheld. */
        public static ClientKeyMaterial nothingCompatible(IdentifierUri clientUri,
                Optional<Capabilities> capabilities) {
            return new ClientKeyMaterial(ClientCode.NOTHING_COMPATIBLE, clientUri, Optional.empty(), capabilities);
        }

        void encode(TlsWriter out) {
            out.uint8(clientStatus.code());
            clientUri.encode(out);
            keyPackage.ifPresent(k -> k.encode(out));
            if (clientStatus == ClientCode.NOTHING_COMPATIBLE) {
                out.optional(clientCapabilities, (w, c) -> c.encode(w));
            }
        }

        static ClientKeyMaterial decode(BodyReader in) {
            ClientCode status = in.code("clientStatus", ClientCode.values());
            IdentifierUri uri = IdentifierUri.decode(in, "clientUri");
            if (status == ClientCode.SUCCESS) {
                return success(uri, in.mls("keyPackage", KeyPackage::decode));
            }
            if (status == ClientCode.NOTHING_COMPATIBLE) {
                return nothingCompatible(uri, in.optional("clientCapabilities",
                        r -> r.mls("capabilities", Capabilities::decode)));
            }
            return exhausted(uri);
        }
    }

    /** Checks the clients list is empty unless the user code allows one. */
    public KeyMaterialResponse {
        Objects.requireNonNull(userStatus, "userStatus");
        Objects.requireNonNull(userUri, "userUri");
        clients = BodyReader.copy(clients, "clients");
        if (!clients.isEmpty() && !userStatus.mayListClients()) {
            throw new IllegalArgumentException("user status " + userStatus + " must not list clients");
        }
    }

    /** A refusal: {@code userStatus} with no clients. */
    public static KeyMaterialResponse refused(UserCode userStatus, IdentifierUri userUri) {
        return new KeyMaterialResponse(userStatus, userUri, List.of());
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        Protocol.write(out);
        out.uint8(userStatus.code());
        userUri.encode(out);
        out.vector(clients, (w, c) -> c.encode(w));
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static KeyMaterialResponse decode(byte[] body) {
        return BodyReader.decode(body, "KeyMaterialResponse", in -> {
            Protocol.read(in, "protocol");
            return new KeyMaterialResponse(in.code("userStatus", UserCode.values()),
                    IdentifierUri.decode(in, "userUri"),
                    in.vector("clients", ClientKeyMaterial::decode));
        });
    }
}
