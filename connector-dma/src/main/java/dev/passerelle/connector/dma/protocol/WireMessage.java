package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.GroupInfo;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.PrivateMessage;
import dev.passerelle.connector.dma.mls.message.PublicMessage;
import dev.passerelle.connector.dma.mls.message.Welcome;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One MLSMessage as a protocol body carries it: its exact bytes (the hub relays and deduplicates bytes, and
 * signatures cover them) and the body parsed with the {@code dma.mls.message} classes. The draft's MLSMessage fields
 * have no length prefix, so the body must be parsed to know where it ends; an unknown wire format is refused.
 */
public final class WireMessage {

    /** ContentType application (RFC 9420). */
    public static final int APPLICATION = 1;
    /** ContentType proposal. */
    public static final int PROPOSAL = 2;
    /** ContentType commit. */
    public static final int COMMIT = 3;
    /** WireFormat mls_semiprivate_message: the value suggested by draft-mahy-mls-semiprivatemessage-07 (TBD2). */
    public static final int SEMIPRIVATE_MESSAGE = 0x0008;

    private final int wireFormat;
    private final Opaque encoded;
    private final Object body;

    private WireMessage(int wireFormat, Opaque encoded, Object body) {
        this.wireFormat = wireFormat;
        this.encoded = encoded;
        this.body = body;
    }

    /** A PublicMessage (handshake or, rarely, application). */
    public static WireMessage of(PublicMessage message) {
        return wrap(MlsMessage.PUBLIC_MESSAGE, message, message::encode);
    }

    /** A PrivateMessage. */
    public static WireMessage of(PrivateMessage message) {
        return wrap(MlsMessage.PRIVATE_MESSAGE, message, message::encode);
    }

    /** A SemiPrivateMessage. */
    public static WireMessage of(SemiPrivateMessage message) {
        return wrap(SEMIPRIVATE_MESSAGE, message, message::encode);
    }

    /** A Welcome. */
    public static WireMessage of(Welcome message) {
        return wrap(MlsMessage.WELCOME, message, message::encode);
    }

    /** A GroupInfo. */
    public static WireMessage of(GroupInfo message) {
        return wrap(MlsMessage.GROUP_INFO, message, message::encode);
    }

    /** A KeyPackage. */
    public static WireMessage of(KeyPackage message) {
        return wrap(MlsMessage.KEY_PACKAGE, message, message::encode);
    }

    /** Parses exactly one encoded MLSMessage, as the MLS client produced it. */
    public static WireMessage parse(byte[] encoded) {
        return BodyReader.decode(encoded, "MLSMessage", WireMessage::read);
    }

    private static WireMessage wrap(int wireFormat, Object body, java.util.function.Consumer<TlsWriter> encoder) {
        TlsWriter out = new TlsWriter();
        MlsMessage.header(out, wireFormat);
        encoder.accept(out);
        return new WireMessage(wireFormat, Opaque.of(out.toByteArray()), body);
    }

    /** Reads one MLSMessage at the current position; the caller names the field. */
    static WireMessage read(BodyReader in) {
        int start = in.offset();
        int version = in.uint16("version");
        if (version != 1) {
            throw in.refuse("unsupported protocol version " + version, start);
        }
        int wireFormat = in.uint16("wireFormat");
        Object body;
        if (wireFormat == MlsMessage.PUBLIC_MESSAGE) {
            body = in.mls("publicMessage", PublicMessage::decode);
        } else if (wireFormat == MlsMessage.PRIVATE_MESSAGE) {
            body = in.mls("privateMessage", PrivateMessage::decode);
        } else if (wireFormat == SEMIPRIVATE_MESSAGE) {
            body = in.field("semiPrivateMessage", SemiPrivateMessage::decode);
        } else if (wireFormat == MlsMessage.WELCOME) {
            body = in.mls("welcome", Welcome::decode);
        } else if (wireFormat == MlsMessage.GROUP_INFO) {
            body = in.mls("groupInfo", GroupInfo::decode);
        } else if (wireFormat == MlsMessage.KEY_PACKAGE) {
            body = in.mls("keyPackage", KeyPackage::decode);
        } else {
            throw in.refuse("unknown wire format " + wireFormat, start + 2);
        }
        return new WireMessage(wireFormat, in.since(start), body);
    }

    /** Writes the exact bytes. */
    public void encode(TlsWriter out) {
        out.fixed(encoded.bytes());
    }

    /** The WireFormat value. */
    public int wireFormat() {
        return wireFormat;
    }

    /** The whole MLSMessage, header included, as received or made. */
    public Opaque encoded() {
        return encoded;
    }

    /** The content type of a PublicMessage, PrivateMessage or SemiPrivateMessage; empty for the others. */
    public OptionalInt contentType() {
        if (body instanceof PublicMessage m) {
            return OptionalInt.of(m.content().body().contentType());
        }
        if (body instanceof PrivateMessage m) {
            return OptionalInt.of(m.contentType());
        }
        if (body instanceof SemiPrivateMessage m) {
            return OptionalInt.of(m.contentType());
        }
        return OptionalInt.empty();
    }

    /** The epoch of a framed message (what the hub's epoch check compares); empty for the others. */
    public OptionalLong epoch() {
        if (body instanceof PublicMessage m) {
            return OptionalLong.of(m.content().epoch());
        }
        if (body instanceof PrivateMessage m) {
            return OptionalLong.of(m.epoch());
        }
        if (body instanceof SemiPrivateMessage m) {
            return OptionalLong.of(m.epoch());
        }
        return OptionalLong.empty();
    }

    /** Whether this is a PublicMessage or SemiPrivateMessage carrying a proposal or commit. */
    public boolean isHandshake() {
        return (body instanceof PublicMessage || body instanceof SemiPrivateMessage)
                && (contentType().getAsInt() == PROPOSAL || contentType().getAsInt() == COMMIT);
    }

    /** The body; fails unless the wire format is mls_public_message. */
    public PublicMessage publicMessage() {
        return as(PublicMessage.class);
    }

    /** The body; fails unless the wire format is mls_private_message. */
    public PrivateMessage privateMessage() {
        return as(PrivateMessage.class);
    }

    /** The body; fails unless the wire format is mls_semiprivate_message. */
    public SemiPrivateMessage semiPrivateMessage() {
        return as(SemiPrivateMessage.class);
    }

    /** The body; fails unless the wire format is mls_welcome. */
    public Welcome welcome() {
        return as(Welcome.class);
    }

    /** The body; fails unless the wire format is mls_group_info. */
    public GroupInfo groupInfo() {
        return as(GroupInfo.class);
    }

    /** The body; fails unless the wire format is mls_key_package. */
    public KeyPackage keyPackage() {
        return as(KeyPackage.class);
    }

    private <T> T as(Class<T> type) {
        if (!type.isInstance(body)) {
            throw new IllegalStateException("wire format " + wireFormat + " does not carry a " + type.getSimpleName());
        }
        return type.cast(body);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WireMessage that && encoded.equals(that.encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    @Override
    public String toString() {
        return "WireMessage[wireFormat=" + wireFormat + ", " + encoded.length() + " bytes]";
    }

}
