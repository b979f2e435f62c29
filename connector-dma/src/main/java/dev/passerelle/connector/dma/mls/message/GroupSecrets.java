package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.schedule.PreSharedKeyId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The secrets a Welcome carries to one new member (RFC 9420 section 12.4.3). Accessors return copies. */
public record GroupSecrets(byte[] joinerSecret, Optional<byte[]> pathSecret, List<PreSharedKeyId> psks) {

    /** Copies arrays and the list. */
    public GroupSecrets {
        joinerSecret = Objects.requireNonNull(joinerSecret, "joinerSecret").clone();
        pathSecret = Objects.requireNonNull(pathSecret, "pathSecret").map(byte[]::clone);
        psks = List.copyOf(Objects.requireNonNull(psks, "psks"));
    }

    @Override
    public byte[] joinerSecret() {
        return joinerSecret.clone();
    }

    @Override
    public Optional<byte[]> pathSecret() {
        return pathSecret.map(byte[]::clone);
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.opaque(joinerSecret).optional(pathSecret, TlsWriter::opaque).vector(psks, (w, p) -> p.encode(w));
    }

    /** Reads the struct; the path secret is a {@code PathSecret} struct holding one opaque. */
    public static GroupSecrets decode(TlsReader reader) {
        return new GroupSecrets(reader.opaque(), reader.optional(TlsReader::opaque),
                reader.vector(PreSharedKeyId::decode));
    }

    // Secrets stay out of logs.
    @Override
    public String toString() {
        return "GroupSecrets[pathSecret=" + pathSecret.isPresent() + ", psks=" + psks.size() + "]";
    }
}
