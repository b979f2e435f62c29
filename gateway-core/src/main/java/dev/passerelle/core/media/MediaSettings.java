package dev.passerelle.core.media;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The public media listener: where it binds, the base URL other networks fetch from, the HMAC key that
 * signs URLs, how long a URL stays valid, and the largest file it serves.
 *
 * <p>Media URLs are {@code publicBaseUrl + "media/v1/<token>"}; the listener itself serves
 * {@code /media/v1/<token>} at its root, so a reverse proxy that publishes it under a path prefix must strip
 * that prefix. The key is copied in and out, and never printed.
 */
public record MediaSettings(String host, int port, URI publicBaseUrl, byte[] signingKey, Duration urlTtl, long maxBytes) {

    /** The shortest signing key accepted: HMAC-SHA256 wants at least as many key bytes as its output. */
    public static final int MIN_KEY_BYTES = 32;

    public MediaSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535, was " + port);
        }
        publicBaseUrl = checkedBase(publicBaseUrl);
        if (signingKey == null || signingKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("signingKey must have at least " + MIN_KEY_BYTES + " bytes, had "
                    + (signingKey == null ? 0 : signingKey.length));
        }
        signingKey = signingKey.clone();
        if (urlTtl == null || urlTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("urlTtl must be at least one second, was " + urlTtl);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
    }

    /**
     * Listens on all interfaces, port 8090; URLs stay valid for 24 hours (longer than the router's retries,
     * short enough that a leaked link dies); files up to 100 MiB.
     */
    public static MediaSettings defaults(URI publicBaseUrl, byte[] signingKey) {
        return new MediaSettings("0.0.0.0", 8090, publicBaseUrl, signingKey, Duration.ofHours(24), 100L << 20);
    }

    /** A copy of the key: the record stays immutable. */
    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MediaSettings other
                && host.equals(other.host)
                && port == other.port
                && publicBaseUrl.equals(other.publicBaseUrl)
                && Arrays.equals(signingKey, other.signingKey)
                && urlTtl.equals(other.urlTtl)
                && maxBytes == other.maxBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, publicBaseUrl, Arrays.hashCode(signingKey), urlTtl, maxBytes);
    }

    @Override
    public String toString() {
        return "MediaSettings[host=" + host + ", port=" + port + ", publicBaseUrl=" + publicBaseUrl
                + ", signingKey=(" + signingKey.length + " bytes), urlTtl=" + urlTtl + ", maxBytes=" + maxBytes + "]";
    }

    /** An absolute http(s) URL without query, fragment or user info; its path always ends with a slash. */
    private static URI checkedBase(URI base) {
        if (base == null) {
            throw new IllegalArgumentException("publicBaseUrl must not be null");
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("publicBaseUrl must be an http or https URL, was " + base);
        }
        if (base.isOpaque() || base.getHost() == null) {
            throw new IllegalArgumentException("publicBaseUrl must name a host, was " + base);
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
            throw new IllegalArgumentException("publicBaseUrl must not carry a query, fragment or user info, was " + base);
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (path.endsWith("/")) {
            return base;
        }
        return URI.create(scheme + "://" + base.getRawAuthority() + path + "/");
    }
}
