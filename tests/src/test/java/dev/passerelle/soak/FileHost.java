package dev.passerelle.soak;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.imageio.ImageIO;

/**
 * Where the XMPP user's attachments live: a small HTTP server on loopback that answers every
 * {@code /files/<name>.png} with the same small PNG, as a file host an XMPP client links to (XEP-0066) would.
 */
final class FileHost implements AutoCloseable {

    private final byte[] png;
    private final HttpServer server;

    private FileHost(byte[] png, HttpServer server) {
        this.png = png;
        this.server = server;
    }

    static FileHost start() {
        byte[] png = png();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FileHost host = new FileHost(png, server);
            server.createContext("/files/", exchange -> {
                try (exchange) {
                    boolean found = exchange.getRequestURI().getPath().matches("/files/[a-z0-9-]+\\.png");
                    exchange.getResponseHeaders().set("Content-Type", found ? "image/png" : "text/plain");
                    byte[] body = found ? host.png : "not found".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(found ? 200 : 404, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.start();
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the soak's file host", e);
        }
    }

    /** A 24x24 PNG, the attachment every network carries. */
    static byte[] png() {
        BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x2a6f97));
        g.fillRect(0, 0, 24, 24);
        g.setColor(Color.WHITE);
        g.fillOval(6, 6, 12, 12);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The URL of file {@code name}. */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
