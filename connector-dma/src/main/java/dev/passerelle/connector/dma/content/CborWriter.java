package dev.passerelle.connector.dma.content;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Writes CBOR in the core deterministic encoding: shortest heads, definite lengths, map keys sorted by their bytes. */
final class CborWriter {

    static final int UINT = 0;
    static final int NINT = 1;
    static final int BYTES = 2;
    static final int TEXT = 3;
    static final int ARRAY = 4;
    static final int MAP = 5;
    static final int TAG = 6;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] encode(CborValue value) {
        CborWriter writer = new CborWriter();
        writer.write(value);
        return writer.toByteArray();
    }

    /** Writes a major type with its argument in the shortest form; {@code arg} is read as unsigned. */
    CborWriter head(int major, long arg) {
        int mt = major << 5;
        if (Long.compareUnsigned(arg, 24) < 0) {
            out.write(mt | (int) arg);
        } else if (Long.compareUnsigned(arg, 0xFFL) <= 0) {
            out.write(mt | 24);
            out.write((int) arg);
        } else if (Long.compareUnsigned(arg, 0xFFFFL) <= 0) {
            out.write(mt | 25);
            writeBigEndian(arg, 2);
        } else if (Long.compareUnsigned(arg, 0xFFFFFFFFL) <= 0) {
            out.write(mt | 26);
            writeBigEndian(arg, 4);
        } else {
            out.write(mt | 27);
            writeBigEndian(arg, 8);
        }
        return this;
    }

    private void writeBigEndian(long value, int size) {
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    CborWriter integer(long value) {
        return value >= 0 ? head(UINT, value) : head(NINT, -1 - value);
    }

    CborWriter bytes(byte[] value) {
        head(BYTES, value.length);
        out.writeBytes(value);
        return this;
    }

    CborWriter text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        head(TEXT, utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    CborWriter arrayHeader(int size) {
        return head(ARRAY, size);
    }

    CborWriter bool(boolean value) {
        out.write(value ? 0xF5 : 0xF4);
        return this;
    }

    CborWriter nul() {
        out.write(0xF6);
        return this;
    }

    /** Appends bytes that are already one deterministic CBOR item. */
    CborWriter raw(byte[] encoded) {
        out.writeBytes(encoded);
        return this;
    }

    CborWriter write(CborValue value) {
        if (value instanceof CborValue.Int i) {
            head(i.negative() ? NINT : UINT, i.raw());
        } else if (value instanceof CborValue.Bytes b) {
            bytes(b.value());
        } else if (value instanceof CborValue.Text t) {
            text(t.value());
        } else if (value instanceof CborValue.Array a) {
            arrayHeader(a.items().size());
            for (CborValue item : a.items()) {
                write(item);
            }
        } else if (value instanceof CborValue.Map m) {
            writeMap(m.entries());
        } else if (value instanceof CborValue.Tag t) {
            head(TAG, t.tag());
            write(t.content());
        } else if (value instanceof CborValue.Float f) {
            out.write(f.width() == 2 ? 0xF9 : f.width() == 4 ? 0xFA : 0xFB);
            writeBigEndian(f.bits(), f.width());
        } else if (value == CborValue.Simple.FALSE) {
            bool(false);
        } else if (value == CborValue.Simple.TRUE) {
            bool(true);
        } else if (value == CborValue.Simple.NULL) {
            nul();
        } else {
            throw new IllegalArgumentException("unknown CBOR value " + value);
        }
        return this;
    }

    // Sorting here, not trusting the caller's order, is what makes any Map value encode deterministically.
    private void writeMap(List<CborValue.Entry> entries) {
        List<byte[][]> encoded = new ArrayList<>(entries.size());
        for (CborValue.Entry entry : entries) {
            encoded.add(new byte[][] {encode(entry.key()), encode(entry.value())});
        }
        encoded.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        for (int i = 1; i < encoded.size(); i++) {
            if (Arrays.equals(encoded.get(i - 1)[0], encoded.get(i)[0])) {
                throw new IllegalArgumentException("duplicate map key");
            }
        }
        head(MAP, entries.size());
        for (byte[][] pair : encoded) {
            out.writeBytes(pair[0]);
            out.writeBytes(pair[1]);
        }
    }
}
