package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Objects;

/** ServerFrankingContext (section 5.4.1.2): what the hub binds into a server frank besides the franking tag. */
public record ServerFrankingContext(IdentifierUri senderUri, IdentifierUri roomUri, long acceptedTimestamp) {

    /** Checks presence. */
    public ServerFrankingContext {
        Objects.requireNonNull(senderUri, "senderUri");
        Objects.requireNonNull(roomUri, "roomUri");
    }

    /** Writes the struct: the input appended to the franking tag for HMAC, and part of FrankingIntegrityTBS. */
    public void encode(TlsWriter out) {
        senderUri.encode(out);
        roomUri.encode(out);
        out.uint64(acceptedTimestamp);
    }

    /** The encoded struct. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads the struct from a whole body. */
    public static ServerFrankingContext decode(byte[] body) {
        return BodyReader.decode(body, "ServerFrankingContext", ServerFrankingContext::decode);
    }

    static ServerFrankingContext decode(BodyReader in) {
        return new ServerFrankingContext(IdentifierUri.decode(in, "senderUri"), IdentifierUri.decode(in, "roomUri"),
                in.uint64("acceptedTimestamp"));
    }
}
