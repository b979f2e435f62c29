package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Objects;

/**
 * {@code Frank} (section 5.4): the hub's server frank, the cipher suite that signed it and the
 * franking_integrity_signature. Fanned out with the message and quoted in abuse reports.
 */
public record Frank(Opaque serverFrank, int frankingSignatureCiphersuite, Opaque frankingIntegritySignature) {

    /** Length of {@code uint8 server_frank[32]}. */
    public static final int SERVER_FRANK_LENGTH = 32;

    /** Checks the frank is 32 bytes and the suite a uint16. */
    public Frank {
        Objects.requireNonNull(serverFrank, "serverFrank");
        if (serverFrank.length() != SERVER_FRANK_LENGTH) {
            throw new IllegalArgumentException("server_frank must be 32 bytes, got " + serverFrank.length());
        }
        BodyReader.requireUint16(frankingSignatureCiphersuite, "franking_signature_ciphersuite");
        Objects.requireNonNull(frankingIntegritySignature, "frankingIntegritySignature");
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        out.fixed(serverFrank.bytes()).uint16(frankingSignatureCiphersuite).opaque(frankingIntegritySignature.bytes());
    }

    static Frank decode(BodyReader in) {
        return new Frank(in.fixed("serverFrank", SERVER_FRANK_LENGTH), in.uint16("frankingSignatureCiphersuite"),
                in.opaque("frankingIntegritySignature"));
    }

    /**
     * FrankingIntegrityTBS (section 5.4.1.2): what the hub signs with label "FrankingIntegrityTBS" and receivers
     * verify. {@code opaque server_frank[32]} there has the same layout as {@code uint8 server_frank[32]} here.
     */
    public byte[] integrityToBeSigned(ServerFrankingContext context) {
        TlsWriter out = new TlsWriter();
        out.fixed(serverFrank.bytes()).uint16(frankingSignatureCiphersuite);
        context.encode(out);
        return out.toByteArray();
    }
}
