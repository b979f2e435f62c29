package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;

/** Who sent a message (RFC 9420 section 6): a member or external sender by index, or a new member. */
public record Sender(int type, long index) {

    /** SenderType member: {@code index} is a leaf index. */
    public static final int MEMBER = 1;
    /** SenderType external: {@code index} is a position in the external senders extension. */
    public static final int EXTERNAL = 2;
    /** SenderType new_member_proposal. */
    public static final int NEW_MEMBER_PROPOSAL = 3;
    /** SenderType new_member_commit. */
    public static final int NEW_MEMBER_COMMIT = 4;

    /** Checks the type and that only member and external senders carry an index. */
    public Sender {
        if (type < MEMBER || type > NEW_MEMBER_COMMIT) {
            throw new IllegalArgumentException("unknown sender type " + type);
        }
        if (index < 0 || index > 0xffff_ffffL || (!hasIndex(type) && index != 0)) {
            throw new IllegalArgumentException("bad sender index " + index + " for type " + type);
        }
    }

    /** A member at {@code leafIndex}. */
    public static Sender member(long leafIndex) {
        return new Sender(MEMBER, leafIndex);
    }

    void encode(TlsWriter writer) {
        writer.uint8(type);
        if (hasIndex(type)) {
            writer.uint32(index);
        }
    }

    static Sender decode(TlsReader reader) {
        int at = reader.offset();
        int type = reader.uint8();
        if (type < MEMBER || type > NEW_MEMBER_COMMIT) {
            throw new TlsDecodeException("unknown sender type " + type, at);
        }
        return new Sender(type, hasIndex(type) ? reader.uint32() : 0);
    }

    private static boolean hasIndex(int type) {
        return type == MEMBER || type == EXTERNAL;
    }
}
