package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;

/**
 * The end-to-end protocol selector of section 5. Only mls10 is defined, so the records do not carry it: they write
 * it where the draft has the field and refuse any other value when reading.
 */
public enum Protocol implements Coded {
    /** MLS 1.0 (RFC 9420). */
    MLS10(1);

    private final int code;

    Protocol(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    static void write(TlsWriter out) {
        out.uint8(MLS10.code);
    }

    /** Reads the field and refuses anything but mls10 (reserved(0) included). */
    static void read(BodyReader in, String name) {
        in.code(name, values());
    }
}
