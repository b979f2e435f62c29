package dev.passerelle.connector.dma.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The extensions map of a MIMI message, in deterministic order, keeping integer and text keys. Values are kept as
 * their deterministic CBOR encoding so unknown extensions pass through unchanged; sender URI (key 1) and room URI
 * (key 2) are read as text.
 */
public record Extensions(List<Extension> entries) {

    /** Key of the sender URI extension. */
    public static final long SENDER_URI = 1;
    /** Key of the room URI extension. */
    public static final long ROOM_URI = 2;
    /** Largest magnitude of an integer key: keys must survive a round trip through a double. */
    public static final long MAX_INT_KEY = (1L << 53) - 1;
    /** Containers (maps, arrays, tags) allowed inside an extension value: the map itself is the first of 4 levels. */
    static final int MAX_VALUE_DEPTH = 3;

    /** No extensions. */
    public static final Extensions EMPTY = new Extensions(List.of());

    public Extensions {
        List<Extension> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.key().encoded(), b.key().encoded()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).key().equals(sorted.get(i).key())) {
                throw new IllegalArgumentException("duplicate extension key " + sorted.get(i).key());
            }
        }
        entries = List.copyOf(sorted);
    }

    /** Extensions carrying only the sender and room URIs. */
    public static Extensions of(String senderUri, String roomUri) {
        return new Extensions(List.of(Extension.text(new IntKey(SENDER_URI), senderUri),
                Extension.text(new IntKey(ROOM_URI), roomUri)));
    }

    /** The sender URI (key 1), if present. */
    public Optional<String> senderUri() {
        return textOf(SENDER_URI);
    }

    /** The room URI (key 2), if present. */
    public Optional<String> roomUri() {
        return textOf(ROOM_URI);
    }

    /** The extension with {@code key}, if present. */
    public Optional<Extension> get(ExtensionKey key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    private Optional<String> textOf(long key) {
        return get(new IntKey(key)).map(e -> ((CborValue.Text) e.decoded()).value());
    }

    /** A map key: an integer or a text string. */
    public sealed interface ExtensionKey permits IntKey, TextKey {
        /** The key's deterministic CBOR encoding, which fixes the map order. */
        byte[] encoded();
    }

    /** An integer key; positive keys are IANA-registered, negative ones private use. */
    public record IntKey(long value) implements ExtensionKey {
        public IntKey {
            if (value > MAX_INT_KEY || value < -MAX_INT_KEY) {
                throw new IllegalArgumentException("integer extension key out of +-(2^53 - 1): " + value);
            }
        }

        @Override
        public byte[] encoded() {
            return new CborWriter().integer(value).toByteArray();
        }
    }

    /** A private-use text key of 1..255 UTF-8 octets. */
    public record TextKey(String value) implements ExtensionKey {
        public TextKey {
            int length = value.getBytes(StandardCharsets.UTF_8).length;
            if (length < 1 || length > 255) {
                throw new IllegalArgumentException("text extension key must have 1..255 octets, got " + length);
            }
        }

        @Override
        public byte[] encoded() {
            return new CborWriter().text(value).toByteArray();
        }
    }

    /** One extension: its key and its value as one deterministic CBOR item (checked, copied). */
    public record Extension(ExtensionKey key, byte[] value) {
        public Extension {
            Objects.requireNonNull(key, "key");
            value = value.clone();
            CborValue decoded = decodeValue(key, value);
            if ((key.equals(new IntKey(SENDER_URI)) || key.equals(new IntKey(ROOM_URI)))
                    && !(decoded instanceof CborValue.Text)) {
                throw new ContentException(pathOf(key), "sender and room URI extensions must be text strings");
            }
        }

        /** An extension whose value is the text string {@code text}. */
        public static Extension text(ExtensionKey key, String text) {
            return new Extension(key, new CborWriter().text(text).toByteArray());
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Extension e && key.equals(e.key) && Arrays.equals(value, e.value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Arrays.hashCode(value);
        }

        CborValue decoded() {
            return CborReader.decode(value, MAX_VALUE_DEPTH);
        }

        private static CborValue decodeValue(ExtensionKey key, byte[] value) {
            try {
                return CborReader.decode(value, MAX_VALUE_DEPTH);
            } catch (ContentException e) {
                throw new ContentException(pathOf(key) + e.path().substring(1), e.reason());
            }
        }
    }

    static String pathOf(ExtensionKey key) {
        if (key instanceof IntKey i) {
            return "extensions{" + i.value() + "}";
        }
        return "extensions{\"" + ((TextKey) key).value() + "\"}";
    }
}
