package dev.passerelle.connector.dma.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Maps a decoded CBOR item onto {@link MimiContent}, naming the field path of anything that does not fit. */
final class ContentDecoder {

    private int partCount;

    private ContentDecoder() {
    }

    static MimiContent decode(CborValue root) {
        return new ContentDecoder().content(root);
    }

    private MimiContent content(CborValue root) {
        List<CborValue> items = array(root, "$", 7);
        byte[] salt = bytes(items.get(0), "salt");
        if (salt.length != MimiContent.SALT_LENGTH) {
            throw new ContentException("salt", "must have " + MimiContent.SALT_LENGTH + " bytes, got " + salt.length);
        }
        Optional<MessageId> replaces = messageId(items.get(1), "replaces");
        byte[] topicId = bytes(items.get(2), "topicId");
        if (topicId.length > MimiContent.MAX_TOPIC_ID) {
            throw new ContentException("topicId", "longer than " + MimiContent.MAX_TOPIC_ID + " bytes: "
                    + topicId.length);
        }
        Optional<Expiration> expires = expiration(items.get(3));
        Optional<MessageId> inReplyTo = messageId(items.get(4), "inReplyTo");
        Extensions extensions = extensions(items.get(5));
        NestedPart body = part(items.get(6), "nestedPart", 1);
        return new MimiContent(salt, replaces, topicId, expires, inReplyTo, extensions, body);
    }

    private static List<CborValue> array(CborValue value, String path, int size) {
        if (!(value instanceof CborValue.Array a)) {
            throw new ContentException(path, "expected an array, got " + kind(value));
        }
        if (size >= 0 && a.items().size() != size) {
            throw new ContentException(path, "expected an array of " + size + " items, got " + a.items().size());
        }
        return a.items();
    }

    private static byte[] bytes(CborValue value, String path) {
        if (!(value instanceof CborValue.Bytes b)) {
            throw new ContentException(path, "expected a byte string, got " + kind(value));
        }
        return b.value();
    }

    private static String text(CborValue value, String path) {
        if (!(value instanceof CborValue.Text t)) {
            throw new ContentException(path, "expected a text string, got " + kind(value));
        }
        return t.value();
    }

    private static long uint(CborValue value, String path, long max) {
        if (!(value instanceof CborValue.Int i) || i.negative()) {
            throw new ContentException(path, "expected an unsigned integer, got " + kind(value));
        }
        if (Long.compareUnsigned(i.raw(), max) > 0) {
            throw new ContentException(path, Long.toUnsignedString(i.raw()) + " exceeds the maximum "
                    + Long.toUnsignedString(max));
        }
        return i.raw();
    }

    private static Optional<MessageId> messageId(CborValue value, String path) {
        if (value == CborValue.Simple.NULL) {
            return Optional.empty();
        }
        byte[] id = bytes(value, path);
        if (id.length != MessageId.LENGTH) {
            throw new ContentException(path, "a message id has " + MessageId.LENGTH + " bytes, got " + id.length);
        }
        return Optional.of(MessageId.of(id));
    }

    private static Optional<Expiration> expiration(CborValue value) {
        if (value == CborValue.Simple.NULL) {
            return Optional.empty();
        }
        List<CborValue> items = array(value, "expires", 2);
        boolean relative;
        if (items.get(0) == CborValue.Simple.TRUE) {
            relative = true;
        } else if (items.get(0) == CborValue.Simple.FALSE) {
            relative = false;
        } else {
            throw new ContentException("expires.relative", "expected a boolean, got " + kind(items.get(0)));
        }
        return Optional.of(new Expiration(relative, uint(items.get(1), "expires.time", Expiration.MAX_TIME)));
    }

    private static Extensions extensions(CborValue value) {
        if (!(value instanceof CborValue.Map m)) {
            throw new ContentException("extensions", "expected a map, got " + kind(value));
        }
        List<Extensions.Extension> entries = new ArrayList<>(m.entries().size());
        for (CborValue.Entry entry : m.entries()) {
            Extensions.ExtensionKey key = extensionKey(entry.key());
            String path = Extensions.pathOf(key);
            if (depth(entry.value()) > Extensions.MAX_VALUE_DEPTH) {
                throw new ContentException(path, "extension nested more than 4 levels deep (the map is level 1)");
            }
            try {
                entries.add(new Extensions.Extension(key, CborWriter.encode(entry.value())));
            } catch (IllegalArgumentException e) {
                throw new ContentException(path, e.getMessage());
            }
        }
        return new Extensions(entries);
    }

    private static Extensions.ExtensionKey extensionKey(CborValue key) {
        try {
            if (key instanceof CborValue.Int i) {
                if (!i.fitsLong()) {
                    throw new ContentException("extensions", "integer key beyond +-(2^53 - 1)");
                }
                return new Extensions.IntKey(i.longValue());
            }
            if (key instanceof CborValue.Text t) {
                return new Extensions.TextKey(t.value());
            }
        } catch (IllegalArgumentException e) {
            throw new ContentException("extensions", e.getMessage());
        }
        throw new ContentException("extensions", "extension keys must be integers or text strings, got " + kind(key));
    }

    /** Containers (arrays, maps, tags) nested in {@code value}, counting itself. */
    private static int depth(CborValue value) {
        int inner = 0;
        if (value instanceof CborValue.Array a) {
            for (CborValue item : a.items()) {
                inner = Math.max(inner, depth(item));
            }
            return inner + 1;
        }
        if (value instanceof CborValue.Map m) {
            for (CborValue.Entry e : m.entries()) {
                inner = Math.max(inner, Math.max(depth(e.key()), depth(e.value())));
            }
            return inner + 1;
        }
        if (value instanceof CborValue.Tag t) {
            return depth(t.content()) + 1;
        }
        return 0;
    }

    private NestedPart part(CborValue value, String path, int level) {
        if (level > MimiContent.MAX_PART_DEPTH) {
            throw new ContentException(path, "body parts nested more than " + MimiContent.MAX_PART_DEPTH
                    + " levels deep");
        }
        if (++partCount > MimiContent.MAX_PARTS) {
            throw new ContentException(path, "more than " + MimiContent.MAX_PARTS + " body parts");
        }
        List<CborValue> items = array(value, path, -1);
        if (items.size() < 3) {
            throw new ContentException(path, "a part has at least 3 items, got " + items.size());
        }
        int disposition = (int) uint(items.get(0), path + ".disposition", NestedPart.MAX_DISPOSITION);
        String language = text(items.get(1), path + ".language");
        long cardinality = uint(items.get(2), path + ".cardinality", Long.MAX_VALUE);
        if (cardinality == 0) {
            array(value, path, 3);
            return new NestedPart.NullPart(disposition, language);
        }
        if (cardinality == 1) {
            array(value, path, 5);
            return new NestedPart.SinglePart(disposition, language, text(items.get(3), path + ".contentType"),
                    bytes(items.get(4), path + ".content"));
        }
        if (cardinality == 2) {
            array(value, path, 15);
            return new NestedPart.ExternalPart(disposition, language, text(items.get(3), path + ".contentType"),
                    text(items.get(4), path + ".url"), uint(items.get(5), path + ".expires", 0xFFFFFFFFL),
                    uint(items.get(6), path + ".size", -1L), (int) uint(items.get(7), path + ".encAlg", 0xFFFF),
                    bytes(items.get(8), path + ".key"), bytes(items.get(9), path + ".nonce"),
                    bytes(items.get(10), path + ".aad"), (int) uint(items.get(11), path + ".hashAlg", 0xFF),
                    bytes(items.get(12), path + ".contentHash"), text(items.get(13), path + ".description"),
                    text(items.get(14), path + ".filename"));
        }
        if (cardinality == 3) {
            array(value, path, 5);
            long code = uint(items.get(3), path + ".partSemantics", Long.MAX_VALUE);
            PartSemantics semantics = PartSemantics.ofCode(code);
            if (semantics == null) {
                throw new ContentException(path + ".partSemantics", "unknown part semantics " + code);
            }
            List<CborValue> children = array(items.get(4), path + ".parts", -1);
            if (children.size() < 2) {
                throw new ContentException(path + ".parts", "a multipart has at least 2 parts, got "
                        + children.size());
            }
            List<NestedPart> parts = new ArrayList<>(children.size());
            for (int i = 0; i < children.size(); i++) {
                parts.add(part(children.get(i), path + ".parts[" + i + "]", level + 1));
            }
            return new NestedPart.MultiPart(disposition, language, semantics, parts);
        }
        throw new ContentException(path + ".cardinality", "unknown cardinality " + cardinality);
    }

    static String kind(CborValue value) {
        if (value instanceof CborValue.Int i) {
            return i.negative() ? "a negative integer" : "an unsigned integer";
        }
        if (value instanceof CborValue.Bytes) {
            return "a byte string";
        }
        if (value instanceof CborValue.Text) {
            return "a text string";
        }
        if (value instanceof CborValue.Array) {
            return "an array";
        }
        if (value instanceof CborValue.Map) {
            return "a map";
        }
        if (value instanceof CborValue.Tag) {
            return "a tag";
        }
        if (value instanceof CborValue.Float) {
            return "a float";
        }
        return ((CborValue.Simple) value).name().toLowerCase(java.util.Locale.ROOT);
    }
}
