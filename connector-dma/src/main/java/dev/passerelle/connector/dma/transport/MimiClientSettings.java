package dev.passerelle.connector.dma.transport;

import dev.passerelle.core.config.ConfigSection;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How peers are called: keys {@code peers} (domain -> base URL, for peers not at {@code https://<domain>/},
 * as in loopback tests), {@code connect-timeout} (default PT10S), {@code request-timeout} (default PT30S) and
 * {@code max-response} (default 4MiB).
 */
public record MimiClientSettings(Map<String, URI> peerBaseUrls, Duration connectTimeout, Duration requestTimeout,
        long maxResponseBytes) {

    public MimiClientSettings {
        if (peerBaseUrls == null || connectTimeout == null || requestTimeout == null) {
            throw new IllegalArgumentException("peerBaseUrls, connectTimeout and requestTimeout are required");
        }
        Map<String, URI> urls = new LinkedHashMap<>();
        for (Map.Entry<String, URI> e : peerBaseUrls.entrySet()) {
            URI u = e.getValue();
            if (!"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("the base URL of " + e.getKey() + " must be https://host[:port]/, was " + u);
            }
            urls.put(PeerIdentity.normalize(e.getKey()), u);
        }
        peerBaseUrls = Map.copyOf(urls);
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive, was " + maxResponseBytes);
        }
    }

    /** Every default, no base URL overrides. */
    public static MimiClientSettings defaults() {
        return new MimiClientSettings(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(30), 4L << 20);
    }

    public static MimiClientSettings from(ConfigSection section) {
        section.allowOnly("peers", "connect-timeout", "request-timeout", "max-response");
        ConfigSection peers = section.section("peers");
        Map<String, URI> urls = new LinkedHashMap<>();
        for (String domain : peers.keys()) {
            String normal = PeerIdentity.tryNormalize(domain).orElseThrow(() -> peers.error(domain, "not a domain name"));
            URI u = peers.requireUri(domain, "https");
            if (u.getHost() == null) {
                throw peers.error(domain, "must name a host, was " + u);
            }
            urls.put(normal, u);
        }
        return new MimiClientSettings(urls,
                section.optDuration("connect-timeout", Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMinutes(5)),
                section.optDuration("request-timeout", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofMinutes(10)),
                section.optByteSize("max-response", 4L << 20, 1, 1L << 30));
    }

    /** Where {@code domain} (normal form) is reached: its configured base URL, else {@code https://<domain>/}. */
    public URI baseUrlOf(String domain) {
        URI u = peerBaseUrls.get(domain);
        return u != null ? u : URI.create("https://" + domain.toLowerCase(Locale.ROOT) + "/");
    }
}
