package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An MLS Credential (RFC 9420 section 5.3): a basic identity or an X.509 chain. Other credential types cannot be
 * skipped on the wire (their encoding has no length prefix) and are refused.
 */
public sealed interface Credential permits Credential.Basic, Credential.X509 {

    /** CredentialType basic. */
    int BASIC = 1;
    /** CredentialType x509. */
    int X509_TYPE = 2;

    /** The credential type. */
    int type();

    /** Writes the struct. */
    void encode(TlsWriter writer);

    /** Reads a Credential. */
    static Credential decode(TlsReader reader) {
        int at = reader.offset();
        int type = reader.uint16();
        if (type == BASIC) {
            return new Basic(reader.opaque());
        }
        if (type == X509_TYPE) {
            return new X509(reader.vector(TlsReader::opaque));
        }
        throw new TlsDecodeException("unsupported credential type " + type, at);
    }

    /** A basic credential: an application-defined identity. */
    record Basic(byte[] identity) implements Credential {

        /** Copies the identity. */
        public Basic {
            identity = Objects.requireNonNull(identity, "identity").clone();
        }

        @Override
        public byte[] identity() {
            return identity.clone();
        }

        @Override
        public int type() {
            return BASIC;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(BASIC).opaque(identity);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Basic that && Arrays.equals(identity, that.identity);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(identity);
        }

        @Override
        public String toString() {
            return "Basic[identity=" + HexFormat.of().formatHex(identity) + "]";
        }
    }

    /** An X.509 credential: DER certificates, the leaf first. */
    record X509(List<byte[]> certificates) implements Credential {

        /** Copies the chain. */
        public X509 {
            certificates = Objects.requireNonNull(certificates, "certificates").stream().map(byte[]::clone).toList();
        }

        @Override
        public List<byte[]> certificates() {
            return certificates.stream().map(byte[]::clone).toList();
        }

        @Override
        public int type() {
            return X509_TYPE;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(X509_TYPE).vector(certificates, TlsWriter::opaque);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof X509 that && certificates.size() == that.certificates.size()
                    && java.util.stream.IntStream.range(0, certificates.size())
                            .allMatch(i -> Arrays.equals(certificates.get(i), that.certificates.get(i)));
        }

        @Override
        public int hashCode() {
            return certificates.stream().mapToInt(Arrays::hashCode).reduce(1, (a, b) -> 31 * a + b);
        }

        @Override
        public String toString() {
            return "X509[" + certificates.size() + " certificates]";
        }
    }
}
