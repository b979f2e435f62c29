package dev.passerelle.connector.dma.mls.codec;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Writes TLS presentation language values, with RFC 9420 variable-length integer prefixes on vectors. */
public final class TlsWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An unsigned 8-bit integer. */
    public TlsWriter uint8(int value) {
        checkRange(value, 0xff, "uint8");
        out.write(value);
        return this;
    }

    /** An unsigned 16-bit integer. */
    public TlsWriter uint16(int value) {
        checkRange(value, 0xffff, "uint16");
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    /** An unsigned 32-bit integer. */
    public TlsWriter uint32(long value) {
        checkRange(value, 0xffff_ffffL, "uint32");
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    /** An unsigned 64-bit integer (a negative long stands for a value above {@link Long#MAX_VALUE}). */
    public TlsWriter uint64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    /** An RFC 9420 variable-length integer, always in its minimal encoding. */
    public TlsWriter varint(int value) {
        checkRange(value, TlsReader.MAX_VARINT, "variable-length integer");
        if (value < (1 << 6)) {
            out.write(value);
        } else if (value < (1 << 14)) {
            out.write(0x40 | (value >>> 8));
            out.write(value);
        } else {
            out.write(0x80 | (value >>> 24));
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
        }
        return this;
    }

    /** Bytes with no length prefix. */
    public TlsWriter fixed(byte[] bytes) {
        out.writeBytes(Objects.requireNonNull(bytes, "bytes"));
        return this;
    }

    /** An {@code opaque data<V>}. */
    public TlsWriter opaque(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        varint(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    /** A vector of structs {@code T items<V>}, each item written by {@code element}. */
    public <T> TlsWriter vector(List<T> items, BiConsumer<TlsWriter, T> element) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(element, "element");
        TlsWriter body = new TlsWriter();
        for (T item : items) {
            element.accept(body, item);
        }
        return opaque(body.toByteArray());
    }

    /** An {@code optional<T>}: a presence byte, then the value if present. */
    public <T> TlsWriter optional(Optional<T> value, BiConsumer<TlsWriter, T> element) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(element, "element");
        if (value.isPresent()) {
            uint8(1);
            element.accept(this, value.get());
        } else {
            uint8(0);
        }
        return this;
    }

    /** Everything written so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private static void checkRange(long value, long max, String type) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(type + " out of range [0, " + max + "]: " + value);
        }
    }
}
