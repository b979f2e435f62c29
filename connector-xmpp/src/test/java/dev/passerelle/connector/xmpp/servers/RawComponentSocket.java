package dev.passerelle.connector.xmpp.servers;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare XEP-0114 component stream over a socket, to prove the servers' component configs independently of the
 * connector's own stream code: text in, text out, no XML parser.
 */
final class RawComponentSocket implements AutoCloseable {

    private static final Pattern STREAM_ID = Pattern.compile("<stream:stream\\b[^>]*\\sid=['\"]([^'\"]+)['\"]");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final Reader in;
    private final Writer out;
    private final StringBuilder received = new StringBuilder();
    private int consumed;

    private RawComponentSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8);
        this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Opens a component stream to {@code server}'s component port and returns the stream id the server chose. */
    static RawComponentSocket open(XmppServers.XmppServer server) throws IOException {
        RawComponentSocket raw = new RawComponentSocket(new Socket(server.host(), server.componentPort()));
        try {
            raw.send("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
                    + " xmlns:stream='http://etherx.jabber.org/streams' to='" + server.componentDomain() + "'>");
            return raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** Waits for the server's stream header and returns its id attribute. */
    String streamId() throws IOException {
        return awaitMatch(STREAM_ID).group(1);
    }

    /** Sends the XEP-0114 handshake: the lower-case hex SHA-1 of the stream id followed by the secret. */
    void handshake(String streamId, String secret) throws IOException {
        send("<handshake>" + handshakeDigest(streamId, secret) + "</handshake>");
    }

    static String handshakeDigest(String streamId, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    void send(String xml) throws IOException {
        out.write(xml);
        out.flush();
    }

    /**
     * Reads until {@code pattern} matches text received after the previous match, and returns that match. Fails
     * when the server closes the stream or says nothing matching for ten seconds.
     */
    Matcher awaitMatch(Pattern pattern) throws IOException {
        Instant deadline = Instant.now().plus(READ_TIMEOUT);
        char[] buffer = new char[4096];
        while (true) {
            Matcher matcher = pattern.matcher(received);
            if (matcher.find(consumed)) {
                consumed = matcher.end();
                return matcher;
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                throw new IOException("no " + pattern + " from the server within " + READ_TIMEOUT + "; received: " + received);
            }
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                throw new IOException("the server closed the stream before " + pattern + "; received: " + received);
            }
            received.append(buffer, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed() && !socket.isOutputShutdown()) {
                send("</stream:stream>");
            }
        } catch (IOException e) {
            // The server may have closed the stream first (a refused handshake does): nothing left to end.
        } finally {
            socket.close();
        }
    }
}
