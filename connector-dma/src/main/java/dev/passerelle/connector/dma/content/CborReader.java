package dev.passerelle.connector.dma.content;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Decodes one deterministically encoded CBOR item from a byte array. Refuses, with the item's path and the byte
 * offset: truncation, lengths larger than the bytes left (checked before allocating), indefinite lengths,
 * non-shortest heads, reserved additional-information values, invalid UTF-8, unsorted or duplicate map keys, map
 * keys other than integers and byte or text strings, bignums that fit 64 bits or have leading zeros, floats
 * not at their shortest width, NaNs other than f97e00, simple values other than false/true/null, nesting deeper
 * than a bound, and trailing bytes.
 */
final class CborReader {

    private final byte[] data;
    private final int maxDepth;
    private int position;

    private CborReader(byte[] data, int maxDepth) {
        this.data = data;
        this.maxDepth = maxDepth;
    }

    /** Decodes {@code data} as exactly one item whose arrays, maps and tags nest at most {@code maxDepth} deep. */
    static CborValue decode(byte[] data, int maxDepth) {
        Objects.requireNonNull(data, "data");
        CborReader reader = new CborReader(data, maxDepth);
        CborValue value = reader.item("$", 0);
        if (reader.position != data.length) {
            throw new ContentException("$", (data.length - reader.position)
                    + " trailing bytes after the item at offset " + reader.position);
        }
        return value;
    }

    private ContentException fail(String path, String reason) {
        return new ContentException(path, reason + " (at offset " + position + ")");
    }

    private int remaining() {
        return data.length - position;
    }

    private int nextByte(String path) {
        if (position >= data.length) {
            throw fail(path, "truncated: input ends inside an item");
        }
        return data[position++] & 0xFF;
    }

    /** The argument of a head whose initial byte was {@code ib}; rejects non-shortest and indefinite forms. */
    private long argument(String path, int ib) {
        int ai = ib & 0x1F;
        if (ai < 24) {
            return ai;
        }
        if (ai == 31) {
            throw fail(path, "indefinite length or break is not allowed in deterministic CBOR");
        }
        if (ai > 27) {
            throw fail(path, "reserved additional information " + ai);
        }
        int size = 1 << (ai - 24);
        if (remaining() < size) {
            throw fail(path, "truncated: head needs " + size + " more bytes, " + remaining() + " left");
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        long smallest = size == 1 ? 24 : size == 2 ? 0x100 : size == 4 ? 0x10000 : 0x100000000L;
        if (Long.compareUnsigned(value, smallest) < 0) {
            throw fail(path, "non-shortest encoding of argument " + Long.toUnsignedString(value));
        }
        return value;
    }

    private int length(String path, long arg, long minBytesPerElement) {
        // An unsigned argument above int range, or above the bytes left, cannot be honest: refuse before allocating.
        if (arg < 0 || arg > Integer.MAX_VALUE || arg * minBytesPerElement > remaining()) {
            throw fail(path, "length " + Long.toUnsignedString(arg) + " exceeds the " + remaining() + " bytes left");
        }
        return (int) arg;
    }

    private CborValue item(String path, int depth) {
        int ib = nextByte(path);
        int major = ib >>> 5;
        if (major == 7) {
            return simple(path, ib);
        }
        long arg = argument(path, ib);
        switch (major) {
            case 0:
                return new CborValue.Int(false, arg);
            case 1:
                return new CborValue.Int(true, arg);
            case 2: {
                int n = length(path, arg, 1);
                byte[] bytes = Arrays.copyOfRange(data, position, position + n);
                position += n;
                return new CborValue.Bytes(bytes);
            }
            case 3:
                return new CborValue.Text(text(path, length(path, arg, 1)));
            case 4: {
                checkDepth(path, depth);
                int n = length(path, arg, 1);
                List<CborValue> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(item(path + "[" + i + "]", depth + 1));
                }
                return new CborValue.Array(items);
            }
            case 5:
                checkDepth(path, depth);
                return map(path, length(path, arg, 2), depth);
            default: {
                checkDepth(path, depth);
                CborValue content = item(path + "<tag " + Long.toUnsignedString(arg) + ">", depth + 1);
                if (arg == 2 || arg == 3) {
                    checkBignum(path, content);
                }
                return new CborValue.Tag(arg, content);
            }
        }
    }

    // Deterministic encoding writes a bignum that fits 64 bits as a plain integer, and without leading zeros.
    private void checkBignum(String path, CborValue content) {
        if (!(content instanceof CborValue.Bytes b)) {
            throw fail(path, "bignum tag must wrap a byte string");
        }
        if (b.value().length <= 8) {
            throw fail(path, "bignum that fits 64 bits must be encoded as an integer");
        }
        if (b.value()[0] == 0) {
            throw fail(path, "bignum with leading zero bytes");
        }
    }

    private void checkDepth(String path, int depth) {
        if (depth >= maxDepth) {
            throw fail(path, "nested deeper than " + maxDepth + " levels");
        }
    }

    private String text(String path, int n) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, position, n))
                    .toString();
            position += n;
            return s;
        } catch (CharacterCodingException e) {
            throw fail(path, "text string is not valid UTF-8");
        }
    }

    private CborValue map(String path, int n, int depth) {
        List<CborValue.Entry> entries = new ArrayList<>(n);
        int previousKeyStart = -1;
        int previousKeyEnd = -1;
        for (int i = 0; i < n; i++) {
            int keyStart = position;
            CborValue key = item(path + "{key " + i + "}", depth + 1);
            int keyEnd = position;
            if (!(key instanceof CborValue.Int || key instanceof CborValue.Text || key instanceof CborValue.Bytes)) {
                throw fail(path, "map key " + i + " is not an integer, text or byte string");
            }
            if (previousKeyStart >= 0) {
                int order = Arrays.compareUnsigned(data, previousKeyStart, previousKeyEnd, data, keyStart, keyEnd);
                if (order == 0) {
                    throw fail(path, "duplicate map key " + describe(key));
                }
                if (order > 0) {
                    throw fail(path, "map key " + describe(key) + " is out of deterministic order");
                }
            }
            previousKeyStart = keyStart;
            previousKeyEnd = keyEnd;
            entries.add(new CborValue.Entry(key, item(path + "{" + describe(key) + "}", depth + 1)));
        }
        return new CborValue.Map(entries);
    }

    private static String describe(CborValue key) {
        if (key instanceof CborValue.Int i) {
            if (!i.fitsLong()) {
                return i.negative() ? "-1-" + Long.toUnsignedString(i.raw()) : Long.toUnsignedString(i.raw());
            }
            return Long.toString(i.longValue());
        }
        if (key instanceof CborValue.Text t) {
            return '"' + t.value() + '"';
        }
        return "h'" + HexFormat.of().formatHex(((CborValue.Bytes) key).value()) + "'";
    }

    private CborValue floatingPoint(String path, int width) {
        if (remaining() < width) {
            throw fail(path, "truncated: float needs " + width + " bytes, " + remaining() + " left");
        }
        long bits = 0;
        for (int i = 0; i < width; i++) {
            bits = (bits << 8) | (data[position++] & 0xFF);
        }
        CborValue.Float value = new CborValue.Float(width, bits);
        boolean nan = width == 2 ? (bits & 0x7C00) == 0x7C00 && (bits & 0x3FF) != 0
                : width == 4 ? Float.isNaN(Float.intBitsToFloat((int) bits))
                : Double.isNaN(Double.longBitsToDouble(bits));
        if (nan) {
            if (width != 2 || bits != CborValue.Float.HALF_QUIET_NAN) {
                throw fail(path, "the only NaN allowed is the half-width quiet NaN f97e00");
            }
            return value;
        }
        double number = width == 2 ? 0 : width == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
        if (width > 2 && CborValue.Float.of(number).width() < width) {
            throw fail(path, "non-shortest encoding of float " + number);
        }
        return value;
    }

    private CborValue simple(String path, int ib) {
        int ai = ib & 0x1F;
        if (ai == 20) {
            return CborValue.Simple.FALSE;
        }
        if (ai == 21) {
            return CborValue.Simple.TRUE;
        }
        if (ai == 22) {
            return CborValue.Simple.NULL;
        }
        if (ai == 31) {
            throw fail(path, "indefinite length or break is not allowed in deterministic CBOR");
        }
        if (ai >= 25 && ai <= 27) {
            return floatingPoint(path, 1 << (ai - 24));
        }
        throw fail(path, "unsupported simple value (additional information " + ai + ")");
    }
}
