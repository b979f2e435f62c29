package dev.passerelle.core.media;

import java.net.URI;
import java.time.Duration;

/**
 * The public media listener: where it binds, the base URL other networks fetch from, the HMAC key that
 * signs URLs, how long a URL stays valid, and the largest file it serves.
 */
public record MediaSettings(String host, int port, URI publicBaseUrl, byte[] signingKey, Duration urlTtl, long maxBytes) {
}
