package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An MLS Credential (RFC 9420 section 5.3): a basic identity, an X.509 chain, or a credential of another type
 * carried as {@link Custom}. The RFC gives other types no length prefix of their own; like the two it defines,
 * their content is taken to be one {@code opaque<V>}, so they travel and re-encode unchanged. Deciding whether a
 * custom credential is acceptable is the application's business.
 */
public sealed interface Credential permits Credential.Basic, Credential.X509, Credential.Custom {

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
        if (type == 0) {
            throw new TlsDecodeException("reserved credential type 0", at);
        }
        return new Custom(type, reader.opaque());
    }

    /** A credential of a type other than basic and x509, carried as its opaque content. */
    record Custom(int type, byte[] data) implements Credential {

        /** Checks the type is a non-reserved uint16 other than basic and x509, and copies the data. */
        public Custom {
            if (type <= 0 || type > 0xffff || type == BASIC || type == X509_TYPE) {
                throw new IllegalArgumentException("not a custom credential type: " + type);
            }
            data = Objects.requireNonNull(data, "data").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(type).opaque(data);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Custom that && type == that.type && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Custom[type=" + type + ", " + data.length + " bytes]";
        }
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
