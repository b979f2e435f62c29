package dev.passerelle.connector.dma.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One MIMI content message (draft-ietf-mimi-content-08, {@code application/mimi-content}): a 16-byte salt, the
 * message it replaces, a topic id, an expiration, the message it replies to, extensions and a body. {@link #decode}
 * accepts only the deterministic encoding, so {@code decode(b).encode()} equals {@code b}.
 */
public record MimiContent(byte[] salt, Optional<MessageId> replaces, byte[] topicId, Optional<Expiration> expires,
        Optional<MessageId> inReplyTo, Extensions extensions, NestedPart body) {

    /** Length of the salt in bytes. */
    public static final int SALT_LENGTH = 16;
    /** Longest topic id accepted; the draft calls longer ones malicious. */
    public static final int MAX_TOPIC_ID = 4096;
    /** Deepest nesting of body parts: the body is level 1. */
    public static final int MAX_PART_DEPTH = 4;
    /** Most body parts (all levels together) accepted; the draft calls more malicious. */
    public static final int MAX_PARTS = 1024;
    // Outer array, then a part and its parts array per level, plus one spare level so an over-deep part is
    // reported by the part-depth rule with its field path rather than by the generic bound.
    private static final int MAX_CBOR_DEPTH = 2 * MAX_PART_DEPTH + 3;

    public MimiContent {
        salt = salt.clone();
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("salt must have " + SALT_LENGTH + " bytes, got " + salt.length);
        }
        Objects.requireNonNull(replaces, "replaces");
        topicId = topicId.clone();
        if (topicId.length > MAX_TOPIC_ID) {
            throw new IllegalArgumentException("topicId longer than " + MAX_TOPIC_ID + " bytes: " + topicId.length);
        }
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(body, "body");
        int[] count = {0};
        checkParts(body, 1, count);
    }

    private static void checkParts(NestedPart part, int level, int[] count) {
        if (level > MAX_PART_DEPTH) {
            throw new IllegalArgumentException("body parts nested more than " + MAX_PART_DEPTH + " levels deep");
        }
        if (++count[0] > MAX_PARTS) {
            throw new IllegalArgumentException("more than " + MAX_PARTS + " body parts");
        }
        if (part instanceof NestedPart.MultiPart m) {
            for (NestedPart child : m.parts()) {
                checkParts(child, level + 1, count);
            }
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] topicId() {
        return topicId.clone();
    }

    /** Decodes a message, refusing anything but the deterministic encoding of a valid message. */
    public static MimiContent decode(byte[] message) {
        return ContentDecoder.decode(CborReader.decode(message, MAX_CBOR_DEPTH));
    }

    /** The deterministic CBOR encoding of this message. */
    public byte[] encode() {
        CborWriter w = new CborWriter();
        w.arrayHeader(7).bytes(salt);
        messageId(w, replaces);
        w.bytes(topicId);
        if (expires.isPresent()) {
            w.arrayHeader(2).bool(expires.get().relative()).integer(expires.get().time());
        } else {
            w.nul();
        }
        messageId(w, inReplyTo);
        w.head(CborWriter.MAP, extensions.entries().size());
        for (Extensions.Extension e : extensions.entries()) {
            w.raw(e.key().encoded()).raw(e.value());
        }
        writePart(w, body);
        return w.toByteArray();
    }

    private static void messageId(CborWriter w, Optional<MessageId> id) {
        if (id.isPresent()) {
            w.bytes(id.get().bytes());
        } else {
            w.nul();
        }
    }

    /** The deterministic encoding of one part: gives parts holding byte arrays a value equality. */
    static byte[] encodePart(NestedPart part) {
        CborWriter w = new CborWriter();
        writePart(w, part);
        return w.toByteArray();
    }

    /** Equal when the encodings are equal (records would otherwise compare the byte arrays by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof MimiContent m && java.util.Arrays.equals(encode(), m.encode());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encode());
    }

    private static void writePart(CborWriter w, NestedPart part) {
        if (part instanceof NestedPart.NullPart) {
            w.arrayHeader(3).integer(part.disposition()).text(part.language()).integer(0);
        } else if (part instanceof NestedPart.SinglePart s) {
            w.arrayHeader(5).integer(s.disposition()).text(s.language()).integer(1).text(s.contentType())
                    .bytes(s.content());
        } else if (part instanceof NestedPart.ExternalPart x) {
            w.arrayHeader(15).integer(x.disposition()).text(x.language()).integer(2).text(x.contentType())
                    .text(x.url()).integer(x.expires()).head(CborWriter.UINT, x.size()).integer(x.encAlg())
                    .bytes(x.key()).bytes(x.nonce()).bytes(x.aad()).integer(x.hashAlg()).bytes(x.contentHash())
                    .text(x.description()).text(x.filename());
        } else {
            NestedPart.MultiPart m = (NestedPart.MultiPart) part;
            w.arrayHeader(5).integer(m.disposition()).text(m.language()).integer(3).integer(m.semantics().code())
                    .arrayHeader(m.parts().size());
            for (NestedPart child : m.parts()) {
                writePart(w, child);
            }
        }
    }

    /**
     * This message's id, hashing its encoding with the sender and room URIs of its extensions.
     *
     * @throws ContentException if the extensions lack the sender or room URI
     */
    public MessageId messageId() {
        String sender = extensions.senderUri()
                .orElseThrow(() -> new ContentException("extensions{1}", "sender URI needed for the message id"));
        String room = extensions.roomUri()
                .orElseThrow(() -> new ContentException("extensions{2}", "room URI needed for the message id"));
        return MessageId.compute(encode(), salt, sender, room);
    }

    /** The id of a received message, hashed over {@code message} exactly as received, with URIs from its extensions. */
    public static MessageId messageIdOf(byte[] message) {
        MimiContent content = decode(message);
        String sender = content.extensions.senderUri()
                .orElseThrow(() -> new ContentException("extensions{1}", "sender URI needed for the message id"));
        String room = content.extensions.roomUri()
                .orElseThrow(() -> new ContentException("extensions{2}", "room URI needed for the message id"));
        return MessageId.compute(message, content.salt, sender, room);
    }

    /** All body parts in part-index order (depth-first, the body itself at index 0). */
    public List<NestedPart> partsByIndex() {
        List<NestedPart> out = new ArrayList<>();
        collect(body, out);
        return List.copyOf(out);
    }

    private static void collect(NestedPart part, List<NestedPart> out) {
        out.add(part);
        if (part instanceof NestedPart.MultiPart m) {
            for (NestedPart child : m.parts()) {
                collect(child, out);
            }
        }
    }

    /** The part a {@code cid:<partIndex>@local.invalid} URI names, if that index exists. */
    public Optional<NestedPart> part(int partIndex) {
        List<NestedPart> parts = partsByIndex();
        return partIndex >= 0 && partIndex < parts.size() ? Optional.of(parts.get(partIndex)) : Optional.empty();
    }
}
