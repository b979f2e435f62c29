package dev.passerelle.connector.dma.mls.schedule;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A PreSharedKeyID (RFC 9420 section 8.4): an external PSK named by {@code pskId}, or a resumption PSK named by
 * usage, group id and epoch; each with the nonce of its use.
 */
public sealed interface PreSharedKeyId permits PreSharedKeyId.External, PreSharedKeyId.Resumption {

    /** PSKType external. */
    int EXTERNAL = 1;
    /** PSKType resumption. */
    int RESUMPTION = 2;

    /** The nonce chosen by whoever proposed this PSK. */
    byte[] pskNonce();

    /** Writes the struct. */
    void encode(TlsWriter writer);

    /** Reads a PreSharedKeyID; an unknown PSKType is refused. */
    static PreSharedKeyId decode(TlsReader reader) {
        int at = reader.offset();
        int type = reader.uint8();
        if (type == EXTERNAL) {
            return new External(reader.opaque(), reader.opaque());
        }
        if (type == RESUMPTION) {
            return new Resumption(reader.uint8(), reader.opaque(), reader.uint64(), reader.opaque());
        }
        throw new TlsDecodeException("unknown PSK type " + type, at);
    }

    /** An external PSK. */
    record External(byte[] pskId, byte[] pskNonce) implements PreSharedKeyId {

        /** Copies the arrays. */
        public External {
            pskId = Objects.requireNonNull(pskId, "pskId").clone();
            pskNonce = Objects.requireNonNull(pskNonce, "pskNonce").clone();
        }

        @Override
        public byte[] pskId() {
            return pskId.clone();
        }

        @Override
        public byte[] pskNonce() {
            return pskNonce.clone();
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint8(EXTERNAL).opaque(pskId).opaque(pskNonce);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof External that && Arrays.equals(pskId, that.pskId)
                    && Arrays.equals(pskNonce, that.pskNonce);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(pskId) + Arrays.hashCode(pskNonce);
        }

        @Override
        public String toString() {
            return "External[pskId=" + HexFormat.of().formatHex(pskId) + "]";
        }
    }

    /** A resumption PSK: the resumption_psk of epoch {@code pskEpoch} of group {@code pskGroupId}. */
    record Resumption(int usage, byte[] pskGroupId, long pskEpoch, byte[] pskNonce) implements PreSharedKeyId {

        /** Checks the usage fits in a uint8 and copies the arrays. */
        public Resumption {
            if (usage < 0 || usage > 0xff) {
                throw new IllegalArgumentException("resumption usage must be a uint8, got " + usage);
            }
            pskGroupId = Objects.requireNonNull(pskGroupId, "pskGroupId").clone();
            pskNonce = Objects.requireNonNull(pskNonce, "pskNonce").clone();
        }

        @Override
        public byte[] pskGroupId() {
            return pskGroupId.clone();
        }

        @Override
        public byte[] pskNonce() {
            return pskNonce.clone();
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint8(RESUMPTION).uint8(usage).opaque(pskGroupId).uint64(pskEpoch).opaque(pskNonce);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Resumption that && usage == that.usage && pskEpoch == that.pskEpoch
                    && Arrays.equals(pskGroupId, that.pskGroupId) && Arrays.equals(pskNonce, that.pskNonce);
        }

        @Override
        public int hashCode() {
            return Objects.hash(usage, pskEpoch, Arrays.hashCode(pskGroupId), Arrays.hashCode(pskNonce));
        }

        @Override
        public String toString() {
            return "Resumption[usage=" + usage + ", epoch=" + Long.toUnsignedString(pskEpoch) + "]";
        }
    }
}
