package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.transport.MimiClientSettings;
import dev.passerelle.connector.dma.transport.MimiServerSettings;
import dev.passerelle.connector.dma.transport.TrustSettings;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostSpaces;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code dma} connector's section:
 * <pre>
 * provider: mimi.example.org          # our MIMI provider domain; must equal ghosts.mimi-provider
 * public-url: https://mimi.example.org # the base of the endpoints in our directory (default https://provider)
 * server: {host: 0.0.0.0, port: 443, max-body: 1MiB}
 * tls: {cert: chain.pem, key: key.pem}
 * trust: {ca-bundle: cas.pem, allowed-domains: [b.example], pinned-peers: {}, allow-any-domain: false}
 * client: {peers: {b.example: "https://127.0.0.1:8443/"}, connect-timeout: PT10S, request-timeout: PT30S}
 * fanout: {min-backoff: PT1S, max-backoff: PT5M}
 * key-packages: {lifetime: P7D}
 * proxy-download: {max-bytes: 20MiB, timeout: PT30S}
 * </pre>
 * Every refusal names the dotted key.
 */
public record DmaSettings(String provider, URI publicUrl, MimiServerSettings server, TrustSettings trust,
        MimiClientSettings client, Duration minBackoff, Duration maxBackoff, Duration keyPackageLifetime,
        long proxyMaxBytes, Duration proxyTimeout) {

    /** Checks presence and that the backoff bounds are ordered. */
    public DmaSettings {
        if (provider == null || publicUrl == null || server == null || trust == null || client == null
                || minBackoff == null || maxBackoff == null || keyPackageLifetime == null || proxyTimeout == null) {
            throw new IllegalArgumentException("every DMA setting is required");
        }
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("max-backoff must not be below min-backoff");
        }
    }

    /** Reads and validates {@code section}; {@code ghosts} gives the provider domain it must match. */
    public static DmaSettings from(ConfigSection section, GhostSpaces ghosts) {
        section.allowOnly("provider", "public-url", "server", "tls", "trust", "client", "fanout", "key-packages",
                "proxy-download");
        String provider = section.requireNonBlank("provider").toLowerCase(Locale.ROOT);
        if (!provider.equals(ghosts.mimiProvider())) {
            throw section.error("provider", "must equal ghosts.mimi-provider ('" + ghosts.mimiProvider()
                    + "'): our users on MIMI are the ghosts mimi://" + ghosts.mimiProvider() + "/u/...; was '"
                    + provider + "'");
        }
        URI publicUrl = section.optUri("public-url", "https").orElse(URI.create("https://" + provider));
        MimiServerSettings server = wrap(section, "server", () -> MimiServerSettings.from(section.section("server")));
        TrustSettings trust = wrap(section, "trust", () -> TrustSettings.from(section));
        MimiClientSettings client = section.has("client")
                ? wrap(section, "client", () -> MimiClientSettings.from(section.section("client")))
                : MimiClientSettings.defaults();
        ConfigSection fanout = section.section("fanout");
        fanout.allowOnly("min-backoff", "max-backoff");
        Duration min = fanout.optDuration("min-backoff", Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofHours(1));
        Duration max = fanout.optDuration("max-backoff", Duration.ofMinutes(5), Duration.ofMillis(1),
                Duration.ofDays(1));
        if (max.compareTo(min) < 0) {
            throw fanout.error("max-backoff", "must not be below " + fanout.pathOf("min-backoff") + " (" + min + ")");
        }
        ConfigSection keys = section.section("key-packages");
        keys.allowOnly("lifetime");
        Duration lifetime = keys.optDuration("lifetime", Duration.ofDays(7), Duration.ofMinutes(1),
                Duration.ofDays(90));
        ConfigSection proxy = section.section("proxy-download");
        proxy.allowOnly("max-bytes", "timeout");
        long maxBytes = proxy.optByteSize("max-bytes", 20L << 20, 1, 1L << 32);
        Duration timeout = proxy.optDuration("timeout", Duration.ofSeconds(30), Duration.ofMillis(1),
                Duration.ofMinutes(10));
        return new DmaSettings(provider, publicUrl, server, trust, client, min, max, lifetime, maxBytes, timeout);
    }

    /** Record checks of the transport's settings fail with IllegalArgumentException: name the key they came from. */
    private static <T> T wrap(ConfigSection section, String key, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw section.error(key, e.getMessage());
        }
    }
}
