package dev.passerelle.bench.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The pass-through baseline: an XEP-0114 component that joins group chats as an occupant and forwards every body
 * it receives to one client as a chat message, byte for byte: no parsing beyond finding the body, no translation,
 * no journal, no mapping. Its latency is the floor a component-based gateway adds to the same path.
 */
final class PassThrough implements AutoCloseable {

    private static final Pattern STREAM_ID = Pattern.compile("<stream:stream\\b[^>]*\\sid=['\"]([^'\"]+)['\"]");
    private static final Pattern HANDSHAKE = Pattern.compile("<handshake\\s*/>|<handshake>\\s*</handshake>"
            + "|<stream:error");
    private static final Pattern SELF_PRESENCE = Pattern.compile("<status code=['\"]110['\"]");

    private final RawStream stream;

    private PassThrough(RawStream stream) {
        this.stream = stream;
    }

    /**
     * Connects as component {@code domain}, joins {@code rooms} as {@code forwarder@domain} and forwards their
     * bodies to {@code receiverJid}.
     */
    static PassThrough start(String host, int port, String domain, String secret, List<String> rooms,
            String receiverJid) throws IOException {
        RawStream s = new RawStream("pass-through", host, port);
        try {
            s.send("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
                    + " xmlns:stream='http://etherx.jabber.org/streams' to='" + domain + "'>");
            String id = s.await(STREAM_ID).group(1);
            s.send("<handshake>" + sha1(id + secret) + "</handshake>");
            if (s.await(HANDSHAKE).group().startsWith("<stream:error")) {
                throw new IOException("the server refused the pass-through component " + domain);
            }
            String me = "forwarder@" + domain + "/pt";
            for (String room : rooms) {
                s.send("<presence from='" + me + "' to='" + room + "/forwarder'>"
                        + "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>");
                s.await(SELF_PRESENCE);
            }
            byte[] head = ("<message from='" + me + "' to='" + receiverJid + "' type='chat'><body>")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = "</body></message>".getBytes(StandardCharsets.UTF_8);
            s.sink((text, from, to, at) -> {
                byte[] out = new byte[head.length + (to - from) + tail.length];
                System.arraycopy(head, 0, out, 0, head.length);
                for (int i = from; i < to; i++) {
                    out[head.length + i - from] = (byte) text.charAt(i);
                }
                System.arraycopy(tail, 0, out, out.length - tail.length, tail.length);
                try {
                    s.send(out);
                } catch (IOException e) {
                    throw new IllegalStateException("the pass-through could not forward", e);
                }
            });
            s.startReading();
            return new PassThrough(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
