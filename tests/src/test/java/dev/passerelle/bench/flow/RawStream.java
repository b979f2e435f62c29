package dev.passerelle.bench.flow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One XMPP stream on a raw socket, as fast as a client can be: pre-serialised stanzas written in one call with
 * Nagle off, and incoming bytes scanned for {@code <body>} elements, without an XML parser. Servers escape
 * {@code <} in text, so a body's end is the next {@code </body>}. During the handshake {@link #await} reads
 * synchronously; {@link #startReading} then hands every body to a {@link BodySink} on a reader thread, which also
 * keeps the server's socket drained (a client that stops reading would stall a MUC's reflection).
 */
final class RawStream implements AutoCloseable {

    /** Receives each body's text, {@code text[from, to)}, with the time its bytes were read. */
    interface BodySink {
        void body(CharSequence text, int from, int to, long arrivalNanos);
    }

    /** {@link #await} gave up: the server sent nothing that matched for {@link #TIMEOUT}. */
    static final class Silent extends IOException {
        private static final long serialVersionUID = 1L;

        Silent(String message) {
            super(message);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String OPEN = "<body>";
    private static final String CLOSE = "</body>";

    private final String name;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder received = new StringBuilder();
    private volatile BodySink sink = (text, from, to, at) -> { };
    private volatile boolean closing;
    private Thread reader;

    RawStream(String name, String host, int port) throws IOException {
        this.name = name;
        this.socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    String name() {
        return name;
    }

    /** Writes one pre-serialised piece of the stream. */
    void send(byte[] xml) throws IOException {
        synchronized (out) {
            out.write(xml);
        }
    }

    void send(String xml) throws IOException {
        send(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads until {@code pattern} matches the text received since the last match; answers the match. */
    MatchResult await(Pattern pattern) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        byte[] buffer = new byte[8192];
        while (true) {
            Matcher m = pattern.matcher(received);
            if (m.find()) {
                MatchResult result = m.toMatchResult();
                received.delete(0, m.end());
                return result;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new Silent(name + ": no " + pattern + " within " + TIMEOUT + "; received: " + received);
            }
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                throw new IOException(name + ": the server closed the stream before " + pattern + "; received: "
                        + received);
            }
            append(received, buffer, n);
        }
    }

    /** From now on, hands every body to the current sink on a reader thread. */
    void startReading() throws IOException {
        socket.setSoTimeout(0);
        reader = new Thread(this::readLoop, "reader-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    void sink(BodySink sink) {
        this.sink = sink;
    }

    private void readLoop() {
        byte[] buffer = new byte[64 * 1024];
        StringBuilder text = received;
        try {
            scan(text, System.nanoTime());
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                long now = System.nanoTime();
                append(text, buffer, n);
                scan(text, now);
            }
            if (!closing) {
                throw new IOException(name + ": the server closed the stream");
            }
        } catch (IOException e) {
            if (!closing) {
                // Nobody waits on this thread: the probe that needed this stream sees the messages missing.
                System.err.println("flow bench: " + name + " stopped reading: " + e);
            }
        }
    }

    /** Hands over every complete body and drops what precedes the first incomplete one. */
    private void scan(StringBuilder text, long now) {
        int at = 0;
        while (true) {
            int open = indexOf(text, OPEN, at);
            if (open < 0) {
                // Keep a tail that may be the start of "<body>".
                at = Math.max(at, text.length() - OPEN.length());
                break;
            }
            int close = indexOf(text, CLOSE, open + OPEN.length());
            if (close < 0) {
                at = open;
                break;
            }
            sink.body(text, open + OPEN.length(), close, now);
            at = close + CLOSE.length();
        }
        text.delete(0, at);
    }

    private static int indexOf(StringBuilder text, String what, int from) {
        return text.indexOf(what, from);
    }

    private static void append(StringBuilder text, byte[] buffer, int n) {
        // Markers and bodies are ASCII: a byte per char is enough and cheaper than decoding UTF-8.
        for (int i = 0; i < n; i++) {
            text.append((char) (buffer[i] & 0xff));
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            send("</stream:stream>");
        } catch (IOException e) {
            // Already closed by the server: nothing to end.
        }
        try {
            socket.close();
        } catch (IOException e) {
            throw new IllegalStateException(name + ": cannot close the socket", e);
        }
    }
}
