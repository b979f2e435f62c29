package dev.passerelle.connector.xmpp.stream;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that a byte stream, fed in pieces, is well-formed UTF-8 (RFC 3629): aalto decodes overlong forms such as
 * {@code C0 BC} without complaint, which lets a control character, or a {@code <} that no XML check sees, into a
 * parsed stanza. A sequence cut between two pieces is carried over to the next one. One instance per stream.
 */
final class Utf8Check {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer scratch = CharBuffer.allocate(1024);
    /** The start of a sequence that the previous piece ended in the middle of (at most three bytes). */
    private byte[] carried = new byte[0];

    /** Whether {@code bytes}, after everything accepted before, are still well-formed UTF-8 so far. */
    boolean accept(byte[] bytes) {
        ByteBuffer in;
        if (carried.length == 0) {
            in = ByteBuffer.wrap(bytes);
        } else {
            in = ByteBuffer.allocate(carried.length + bytes.length).put(carried).put(bytes).flip();
        }
        while (true) {
            scratch.clear();
            CoderResult result = decoder.decode(in, scratch, false);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                break;
            }
        }
        carried = new byte[in.remaining()];
        in.get(carried);
        return true;
    }

    /** How many bytes at the end of what was accepted so far begin a character not yet complete (0 to 3). */
    int incompleteTail() {
        return carried.length;
    }
}
