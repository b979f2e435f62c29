package dev.passerelle.connector.xmpp.stream;

import dev.passerelle.core.config.ConfigSection;
import java.time.Duration;
import java.util.Locale;

/** Where and how the gateway connects to its XMPP server as an external component (XEP-0114). */
public record ComponentSettings(String host, int port, String domain, String secret, long maxStanzaBytes,
        int maxDepth, Duration reconnectMin, Duration reconnectMax, Duration pingInterval,
        Duration handshakeTimeout) {

    public static final long DEFAULT_MAX_STANZA_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 32;

    public ComponentSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        if (domain == null || domain.isBlank() || domain.contains("@") || domain.contains("/")) {
            throw new IllegalArgumentException("domain must be a bare domain such as gw.example.org, was " + domain);
        }
        domain = domain.toLowerCase(Locale.ROOT);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        if (maxStanzaBytes < 1024) {
            throw new IllegalArgumentException("maxStanzaBytes must be at least 1024, was " + maxStanzaBytes);
        }
        if (maxDepth < 4) {
            // Below 4 even a message with a body inside an extension cannot pass.
            throw new IllegalArgumentException("maxDepth must be at least 4, was " + maxDepth);
        }
        requirePositive("reconnectMin", reconnectMin);
        requirePositive("reconnectMax", reconnectMax);
        requirePositive("pingInterval", pingInterval);
        requirePositive("handshakeTimeout", handshakeTimeout);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax (" + reconnectMax + ") must not be below reconnectMin ("
                    + reconnectMin + ")");
        }
    }

    /** Reads the connector's {@code component} section; the key's name is in every error. */
    public static ComponentSettings from(ConfigSection section) {
        section.allowOnly("host", "port", "domain", "secret", "max-stanza-size", "max-depth", "reconnect-min",
                "reconnect-max", "ping-interval", "handshake-timeout");
        Duration min = section.optDuration("reconnect-min", Duration.ofSeconds(1));
        Duration max = section.optDuration("reconnect-max", Duration.ofSeconds(60));
        if (max.compareTo(min) < 0) {
            throw section.error("reconnect-max", "must not be below reconnect-min (" + min + "), was " + max);
        }
        String domain = section.requireNonBlank("domain");
        if (domain.contains("@") || domain.contains("/")) {
            throw section.error("domain", "must be a bare domain such as gw.example.org, was " + domain);
        }
        return new ComponentSettings(
                section.optString("host", "127.0.0.1"),
                section.optInt("port", 5347, 1, 65535),
                domain,
                section.requireNonBlank("secret"),
                section.optByteSize("max-stanza-size", DEFAULT_MAX_STANZA_BYTES, 1024, 64L * 1024 * 1024),
                section.optInt("max-depth", DEFAULT_MAX_DEPTH, 4, 1000),
                min,
                max,
                section.optDuration("ping-interval", Duration.ofSeconds(30)),
                section.optDuration("handshake-timeout", Duration.ofSeconds(10)));
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }

    @Override
    public String toString() {
        // The secret never reaches a log line.
        return "ComponentSettings[host=" + host + ", port=" + port + ", domain=" + domain + ", secret=***"
                + ", maxStanzaBytes=" + maxStanzaBytes + ", maxDepth=" + maxDepth + ", reconnectMin=" + reconnectMin
                + ", reconnectMax=" + reconnectMax + ", pingInterval=" + pingInterval + ", handshakeTimeout="
                + handshakeTimeout + "]";
    }
}
