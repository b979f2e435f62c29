package dev.passerelle.connector.dma.mls.group;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An MLS extension: a 16-bit type and opaque data, so unknown types travel unchanged. */
public record Extension(int type, byte[] data) {

    /** Checks the type fits in a uint16 and copies the data. */
    public Extension {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("extension type must be a uint16, got " + type);
        }
        data = Objects.requireNonNull(data, "data").clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Writes {@code extension_type} and {@code extension_data<V>}. */
    public void encode(TlsWriter writer) {
        writer.uint16(type).opaque(data);
    }

    /** Reads one extension. */
    public static Extension decode(TlsReader reader) {
        return new Extension(reader.uint16(), reader.opaque());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Extension that && type == that.type && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Extension[type=" + type + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
