package dev.passerelle.connector.dma.mls.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads TLS presentation language values from a byte array. Every length read from the input is checked against
 * the bytes remaining in the enclosing vector and against a maximum vector length before anything is allocated, so
 * a hostile length prefix cannot force a large allocation.
 */
public final class TlsReader {

    /** Default bound on one vector's length: large enough for any MLS message Passerelle handles. */
    public static final int DEFAULT_MAX_VECTOR_LENGTH = 1 << 24;

    /** The largest value a variable-length integer can hold (30 bits). */
    public static final int MAX_VARINT = (1 << 30) - 1;

    private final byte[] data;
    private final int maxVectorLength;
    private int position;
    // End of the innermost vector being read; nested vectors narrow it and restore it afterwards.
    private int limit;

    /** A reader over all of {@code data} with the default maximum vector length. */
    public TlsReader(byte[] data) {
        this(data, DEFAULT_MAX_VECTOR_LENGTH);
    }

    /** A reader over all of {@code data} refusing any vector longer than {@code maxVectorLength} bytes. */
    public TlsReader(byte[] data, int maxVectorLength) {
        this.data = Objects.requireNonNull(data, "data");
        if (maxVectorLength < 0) {
            throw new IllegalArgumentException("maxVectorLength must not be negative, got " + maxVectorLength);
        }
        this.maxVectorLength = maxVectorLength;
        this.limit = data.length;
    }

    /** Current byte offset in the input. */
    public int offset() {
        return position;
    }

    /** Bytes left before the end of the innermost vector (or of the input). */
    public int remaining() {
        return limit - position;
    }

    /** Whether the innermost vector (or the input) has been read to its end. */
    public boolean atEnd() {
        return position == limit;
    }

    /** Fails unless the whole input has been consumed: trailing bytes are malformed input, not padding. */
    public void finish() {
        if (position != data.length) {
            throw new TlsDecodeException((data.length - position) + " trailing bytes", position);
        }
    }

    /** An unsigned 8-bit integer. */
    public int uint8() {
        require(1);
        return data[position++] & 0xff;
    }

    /** An unsigned 16-bit integer. */
    public int uint16() {
        require(2);
        int value = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
        position += 2;
        return value;
    }

    /** An unsigned 32-bit integer, as a non-negative long. */
    public long uint32() {
        require(4);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position + i] & 0xff);
        }
        position += 4;
        return value;
    }

    /** An unsigned 32-bit integer that must be below {@code bound}: an index into something of that size. */
    public int uint32Below(int bound) {
        int at = position;
        long value = uint32();
        if (value >= bound) {
            throw new TlsDecodeException("index " + value + " not below " + bound, at);
        }
        return (int) value;
    }

    /** An unsigned 64-bit integer; values above {@link Long#MAX_VALUE} come back negative (two's complement). */
    public long uint64() {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[position + i] & 0xff);
        }
        position += 8;
        return value;
    }

    /**
     * An RFC 9420 section 2.1.2 variable-length integer. The two top bits of the first byte give the length (1, 2
     * or 4 bytes); the prefix 0b11 is reserved and refused, and so is any value not encoded in the fewest bytes.
     */
    public int varint() {
        int start = position;
        require(1);
        int first = data[position] & 0xff;
        int prefix = first >>> 6;
        if (prefix == 3) {
            throw new TlsDecodeException("reserved variable-length integer prefix 0b11", start);
        }
        int length = 1 << prefix;
        require(length);
        int value = first & 0x3f;
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (data[position + i] & 0xff);
        }
        position += length;
        if (length > 1 && value < (1 << (8 * (length >>> 1) - 2))) {
            throw new TlsDecodeException("variable-length integer " + value + " not minimally encoded", start);
        }
        return value;
    }

    /** Exactly {@code length} bytes with no length prefix. */
    public byte[] fixed(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, got " + length);
        }
        require(length);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** An {@code opaque data<V>}: a variable-length integer byte count, then the bytes. */
    public byte[] opaque() {
        int length = vectorLength();
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /**
     * A vector of structs {@code T items<V>}: a variable-length integer byte count, then items read by
     * {@code element} until exactly that many bytes are consumed. An item running past the vector's end is refused.
     */
    public <T> List<T> vector(Function<TlsReader, T> element) {
        Objects.requireNonNull(element, "element");
        int length = vectorLength();
        int end = position + length;
        int outer = limit;
        limit = end;
        List<T> items = new ArrayList<>();
        try {
            while (position < end) {
                int before = position;
                items.add(element.apply(this));
                // An element reader that consumes nothing would loop forever on hostile input.
                if (position == before) {
                    throw new TlsDecodeException("vector element consumed no bytes", before);
                }
            }
        } finally {
            limit = outer;
        }
        return items;
    }

    /** An {@code optional<T>}: a presence byte (0 or 1, anything else refused), then the value if present. */
    public <T> Optional<T> optional(Function<TlsReader, T> element) {
        Objects.requireNonNull(element, "element");
        int start = position;
        int present = uint8();
        if (present == 0) {
            return Optional.empty();
        }
        if (present != 1) {
            throw new TlsDecodeException("optional presence byte must be 0 or 1, got " + present, start);
        }
        return Optional.of(element.apply(this));
    }

    private int vectorLength() {
        int start = position;
        int length = varint();
        if (length > maxVectorLength) {
            throw new TlsDecodeException(
                    "vector length " + length + " exceeds the maximum " + maxVectorLength, start);
        }
        if (length > remaining()) {
            throw new TlsDecodeException(
                    "vector length " + length + " exceeds the " + remaining() + " bytes remaining", start);
        }
        return length;
    }

    private void require(int count) {
        if (count > remaining()) {
            throw new TlsDecodeException(
                    "needs " + count + " bytes but " + remaining() + " remain", position);
        }
    }
}
