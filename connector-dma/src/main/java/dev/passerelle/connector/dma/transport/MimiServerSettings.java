package dev.passerelle.connector.dma.transport;

import dev.passerelle.core.config.ConfigSection;

/**
 * Where the MIMI endpoints listen and how large a request body may be: keys {@code host} (default
 * {@code 0.0.0.0}), {@code port} (default 443; 0 picks a free port) and {@code max-body} (default 1MiB).
 */
public record MimiServerSettings(String host, int port, long maxBodyBytes) {

    public static final long DEFAULT_MAX_BODY = 1L << 20;

    public MimiServerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
    }

    public static MimiServerSettings from(ConfigSection section) {
        section.allowOnly("host", "port", "max-body");
        String host = section.optString("host", "0.0.0.0");
        if (host.isBlank()) {
            throw section.error("host", "must not be empty");
        }
        return new MimiServerSettings(host, section.optInt("port", 443, 0, 65535),
                section.optByteSize("max-body", DEFAULT_MAX_BODY, 1, 1L << 30));
    }
}
