package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.List;
import java.util.Objects;

/** What a member supports (RFC 9420 section 7.2): versions, suites, and extension, proposal and credential types. */
public record Capabilities(List<Integer> versions, List<Integer> cipherSuites, List<Integer> extensions,
        List<Integer> proposals, List<Integer> credentials) {

    /** Copies the lists. */
    public Capabilities {
        versions = List.copyOf(Objects.requireNonNull(versions, "versions"));
        cipherSuites = List.copyOf(Objects.requireNonNull(cipherSuites, "cipherSuites"));
        extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        proposals = List.copyOf(Objects.requireNonNull(proposals, "proposals"));
        credentials = List.copyOf(Objects.requireNonNull(credentials, "credentials"));
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.vector(versions, TlsWriter::uint16).vector(cipherSuites, TlsWriter::uint16)
                .vector(extensions, TlsWriter::uint16).vector(proposals, TlsWriter::uint16)
                .vector(credentials, TlsWriter::uint16);
    }

    /** Reads the struct. */
    public static Capabilities decode(TlsReader reader) {
        return new Capabilities(reader.vector(TlsReader::uint16), reader.vector(TlsReader::uint16),
                reader.vector(TlsReader::uint16), reader.vector(TlsReader::uint16), reader.vector(TlsReader::uint16));
    }
}
