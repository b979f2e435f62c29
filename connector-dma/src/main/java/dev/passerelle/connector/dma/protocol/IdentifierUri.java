package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code struct { opaque uri<V>; } IdentifierUri}: a MIMI URI (user, client, room, provider) as UTF-8. Whether it
 * names something local is the endpoint's business; the empty URI is allowed (the abuse report's anonymous
 * reporter).
 */
public record IdentifierUri(String uri) {

    /** Checks presence. */
    public IdentifierUri {
        Objects.requireNonNull(uri, "uri");
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        out.opaque(uri.getBytes(StandardCharsets.UTF_8));
    }

    static IdentifierUri decode(BodyReader in, String name) {
        return new IdentifierUri(in.utf8(name));
    }

    @Override
    public String toString() {
        return uri;
    }
}
