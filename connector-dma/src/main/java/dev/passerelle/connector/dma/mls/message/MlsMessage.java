package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.group.GroupContext;

/** The MLSMessage envelope (RFC 9420 section 6): protocol version and wire format before the body. */
public final class MlsMessage {

    /** WireFormat mls_public_message. */
    public static final int PUBLIC_MESSAGE = 1;
    /** WireFormat mls_private_message. */
    public static final int PRIVATE_MESSAGE = 2;
    /** WireFormat mls_welcome. */
    public static final int WELCOME = 3;
    /** WireFormat mls_group_info. */
    public static final int GROUP_INFO = 4;
    /** WireFormat mls_key_package. */
    public static final int KEY_PACKAGE = 5;

    private MlsMessage() {
    }

    /** Reads the envelope and fails unless it is mls10 carrying {@code wireFormat}. */
    public static void expect(TlsReader reader, int wireFormat) {
        int at = reader.offset();
        int version = reader.uint16();
        if (version != GroupContext.MLS10) {
            throw new TlsDecodeException("unsupported protocol version " + version, at);
        }
        int actual = reader.uint16();
        if (actual != wireFormat) {
            throw new TlsDecodeException("expected wire format " + wireFormat + ", got " + actual, at + 2);
        }
    }

    /** Writes the envelope for {@code wireFormat}; the body follows. */
    public static void header(TlsWriter writer, int wireFormat) {
        writer.uint16(GroupContext.MLS10).uint16(wireFormat);
    }
}
