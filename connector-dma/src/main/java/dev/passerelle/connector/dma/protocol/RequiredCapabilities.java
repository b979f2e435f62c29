package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.List;

/** RequiredCapabilities (RFC 9420 section 11.1) as the key material request carries it: uint16 type lists. */
public record RequiredCapabilities(List<Integer> extensionTypes, List<Integer> proposalTypes,
        List<Integer> credentialTypes) {

    /** Copies the lists and checks every entry is a uint16. */
    public RequiredCapabilities {
        extensionTypes = uint16s(extensionTypes, "extensionTypes");
        proposalTypes = uint16s(proposalTypes, "proposalTypes");
        credentialTypes = uint16s(credentialTypes, "credentialTypes");
    }

    /** No requirement beyond the defaults. */
    public static RequiredCapabilities none() {
        return new RequiredCapabilities(List.of(), List.of(), List.of());
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        out.vector(extensionTypes, TlsWriter::uint16).vector(proposalTypes, TlsWriter::uint16)
                .vector(credentialTypes, TlsWriter::uint16);
    }

    static RequiredCapabilities decode(BodyReader in, String name) {
        return in.field(name, r -> new RequiredCapabilities(r.vector("extensionTypes", x -> x.uint16("type")),
                r.vector("proposalTypes", x -> x.uint16("type")),
                r.vector("credentialTypes", x -> x.uint16("type"))));
    }

    static List<Integer> uint16s(List<Integer> values, String what) {
        List<Integer> copy = BodyReader.copy(values, what);
        copy.forEach(v -> BodyReader.requireUint16(v, what));
        return copy;
    }
}
