package dev.passerelle.connector.dma.content;

import java.util.List;
import java.util.Objects;

/** One CBOR data item of the subset MIMI content uses: simple values other than false/true/null are absent. */
sealed interface CborValue {

    /** An integer: {@code value = negative ? -1 - raw : raw}, {@code raw} read as an unsigned 64-bit number. */
    record Int(boolean negative, long raw) implements CborValue {
        static Int of(long value) {
            return value >= 0 ? new Int(false, value) : new Int(true, -1 - value);
        }

        /** Whether the value fits a signed long. */
        boolean fitsLong() {
            return raw >= 0;
        }

        long longValue() {
            return negative ? -1 - raw : raw;
        }
    }

    /** A byte string; the array is owned by this value and never shared. */
    record Bytes(byte[] value) implements CborValue {
        public Bytes {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A text string. */
    record Text(String value) implements CborValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An array. */
    record Array(List<CborValue> items) implements CborValue {
        public Array {
            items = List.copyOf(items);
        }
    }

    /** A map whose entries are in deterministic order (by encoded key bytes). */
    record Map(List<Entry> entries) implements CborValue {
        public Map {
            entries = List.copyOf(entries);
        }
    }

    /** A map entry. */
    record Entry(CborValue key, CborValue value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A tagged item. */
    record Tag(long tag, CborValue content) implements CborValue {
        public Tag {
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * A float kept as its IEEE 754 bits at the width it was (or will be) written: 2, 4 or 8 bytes. Deterministic CBOR
     * uses the shortest width that keeps the value; the only NaN is the half-width quiet NaN.
     */
    record Float(int width, long bits) implements CborValue {
        static final long HALF_QUIET_NAN = 0x7E00;

        public Float {
            if (width != 2 && width != 4 && width != 8) {
                throw new IllegalArgumentException("float width must be 2, 4 or 8 bytes, got " + width);
            }
        }

        /** {@code value} at the shortest width that keeps it exactly. */
        static Float of(double value) {
            if (Double.isNaN(value)) {
                return new Float(2, HALF_QUIET_NAN);
            }
            float single = (float) value;
            if (Double.doubleToRawLongBits(single) != Double.doubleToRawLongBits(value)) {
                return new Float(8, Double.doubleToRawLongBits(value));
            }
            int half = halfOf(single);
            if (half >= 0) {
                return new Float(2, half);
            }
            return new Float(4, java.lang.Float.floatToRawIntBits(single) & 0xFFFFFFFFL);
        }

        /** The half-precision bits equal to {@code f}, or -1 if no half has exactly its value (NaN excluded). */
        static int halfOf(float f) {
            int bits = java.lang.Float.floatToRawIntBits(f);
            int sign = (bits >>> 31) << 15;
            int exponent = ((bits >>> 23) & 0xFF) - 127;
            int mantissa = bits & 0x7FFFFF;
            if (exponent == 128) {
                return mantissa == 0 ? sign | 0x7C00 : -1;
            }
            if (exponent == -127) {
                return mantissa == 0 ? sign : -1;
            }
            if (exponent > 15) {
                return -1;
            }
            if (exponent >= -14) {
                return (mantissa & 0x1FFF) == 0 ? sign | ((exponent + 15) << 10) | (mantissa >>> 13) : -1;
            }
            // Half subnormals are k * 2^-24 for k in 1..1023.
            int full = 0x800000 | mantissa;
            int shift = -(exponent + 1);
            if (shift > 24 || (full & ((1 << shift) - 1)) != 0) {
                return -1;
            }
            return sign | (full >>> shift);
        }
    }

    /** false, true or null. */
    enum Simple implements CborValue {
        FALSE, TRUE, NULL
    }
}
