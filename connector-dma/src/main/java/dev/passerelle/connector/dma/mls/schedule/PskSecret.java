package dev.passerelle.connector.dma.mls.schedule;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The psk_secret of RFC 9420 section 8.4, chaining every PSK of a commit in order. */
public final class PskSecret {

    private PskSecret() {
    }

    /** One PSK: its id (as proposed) and its value. */
    public record Input(PreSharedKeyId id, byte[] psk) {

        /** Copies the value. */
        public Input {
            Objects.requireNonNull(id, "id");
            psk = Objects.requireNonNull(psk, "psk").clone();
        }

        @Override
        public byte[] psk() {
            return psk.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Input that && id.equals(that.id) && Arrays.equals(psk, that.psk);
        }

        @Override
        public int hashCode() {
            return 31 * id.hashCode() + Arrays.hashCode(psk);
        }

        // Never print the PSK itself.
        @Override
        public String toString() {
            return "Input[id=" + id + "]";
        }
    }

    /** psk_secret for {@code psks}, in proposal order; all zeros when there are none. */
    public static byte[] compute(CipherSuite suite, List<Input> psks) {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(psks, "psks");
        if (psks.size() > 0xffff) {
            throw new IllegalArgumentException("at most 65535 PSKs, got " + psks.size());
        }
        byte[] secret = new byte[CipherSuite.NH];
        for (int i = 0; i < psks.size(); i++) {
            Input input = psks.get(i);
            byte[] extracted = suite.extract(new byte[CipherSuite.NH], input.psk());
            TlsWriter label = new TlsWriter();
            input.id().encode(label);
            label.uint16(i).uint16(psks.size());
            byte[] pskInput = suite.expandWithLabel(extracted, "derived psk", label.toByteArray(), CipherSuite.NH);
            secret = suite.extract(pskInput, secret);
        }
        return secret;
    }
}
