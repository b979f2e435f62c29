package dev.passerelle.connector.dma.content;

import java.util.List;
import java.util.Objects;

/** One CBOR data item of the subset MIMI content uses; floats and simple values other than false/true/null are absent. */
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

    /** false, true or null. */
    enum Simple implements CborValue {
        FALSE, TRUE, NULL
    }
}
