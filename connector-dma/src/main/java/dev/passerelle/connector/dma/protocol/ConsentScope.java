package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Objects;
import java.util.Optional;

/** ConsentScope (section 5.7): who asks, whom, and maybe for which room; a cancel repeats a request's scope. */
public record ConsentScope(IdentifierUri requesterUri, IdentifierUri targetUri, Optional<IdentifierUri> roomId) {

    /** Checks presence. */
    public ConsentScope {
        Objects.requireNonNull(requesterUri, "requesterUri");
        Objects.requireNonNull(targetUri, "targetUri");
        Objects.requireNonNull(roomId, "roomId");
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        requesterUri.encode(out);
        targetUri.encode(out);
        out.optional(roomId, (w, r) -> r.encode(w));
    }

    /** The encoded struct. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole struct. */
    public static ConsentScope decode(byte[] body) {
        return BodyReader.decode(body, "ConsentScope", in -> new ConsentScope(IdentifierUri.decode(in, "requesterUri"),
                IdentifierUri.decode(in, "targetUri"), in.optional("roomId", r -> IdentifierUri.decode(r, "uri"))));
    }
}
