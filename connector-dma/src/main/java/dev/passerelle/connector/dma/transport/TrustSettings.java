package dev.passerelle.connector.dma.transport;

import dev.passerelle.core.config.ConfigSection;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Our TLS identity and whom we trust as peer providers, read from the {@code tls} and {@code trust} keys of a
 * connector section:
 * <pre>
 * tls:
 *   cert: /etc/passerelle/mimi/chain.pem     # PEM, our leaf first, then intermediates
 *   key: /etc/passerelle/mimi/key.pem        # PEM PKCS#8 ("BEGIN PRIVATE KEY")
 * trust:
 *   ca-bundle: /etc/passerelle/mimi/cas.pem  # PEM, the CAs peer certificates must chain to
 *   allowed-domains: [a.example, b.example]  # the peer providers we talk to
 *   pinned-peers:                            # optional: domain -> base64 SHA-256 of the peer's SubjectPublicKeyInfo
 *     b.example: "q2V4...="
 *   allow-any-domain: false                  # true accepts any domain the CA bundle vouches for
 *   accept-wildcard-certificates: false      # see PeerIdentity
 * </pre>
 * Domains are kept in A-label, lower-case form; pins as canonical base64.
 */
public record TrustSettings(Path certChain, Path key, Path caBundle, Set<String> allowedDomains,
        Map<String, String> pinnedPeers, boolean allowAnyDomain, boolean acceptWildcardCertificates) {

    private static final int SHA256_BYTES = 32;

    public TrustSettings {
        if (certChain == null || key == null || caBundle == null) {
            throw new IllegalArgumentException("certChain, key and caBundle are required");
        }
        if (allowedDomains == null || pinnedPeers == null) {
            throw new IllegalArgumentException("allowedDomains and pinnedPeers must not be null (use empty ones)");
        }
        Set<String> domains = new LinkedHashSet<>();
        for (String d : allowedDomains) {
            domains.add(PeerIdentity.normalize(d));
        }
        Map<String, String> pins = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pinnedPeers.entrySet()) {
            String domain = PeerIdentity.normalize(e.getKey());
            byte[] pin = Base64.getDecoder().decode(e.getValue().trim());
            if (pin.length != SHA256_BYTES) {
                throw new IllegalArgumentException("the pin for " + domain + " must be a SHA-256 (32 bytes), got "
                        + pin.length + " bytes");
            }
            if (!allowAnyDomain && !domains.contains(domain)) {
                throw new IllegalArgumentException("pinned peer " + domain + " is not one of the allowed domains");
            }
            pins.put(domain, Base64.getEncoder().encodeToString(pin));
        }
        allowedDomains = Set.copyOf(domains);
        pinnedPeers = Map.copyOf(pins);
    }

    /** Reads and checks {@code tls.*} and {@code trust.*} of {@code section}; errors name the full key. */
    public static TrustSettings from(ConfigSection section) {
        ConfigSection tls = section.section("tls");
        tls.allowOnly("cert", "key");
        ConfigSection trust = section.section("trust");
        trust.allowOnly("ca-bundle", "allowed-domains", "pinned-peers", "allow-any-domain",
                "accept-wildcard-certificates");
        Path cert = requirePath(tls, "cert");
        Path key = requirePath(tls, "key");
        Path ca = requirePath(trust, "ca-bundle");
        boolean any = trust.optBool("allow-any-domain", false);
        Set<String> domains = new LinkedHashSet<>();
        for (String d : trust.optStringList("allowed-domains")) {
            if (d.equals("*")) {
                throw trust.error("allowed-domains", "'*' is not accepted: list each peer domain, or set "
                        + trust.pathOf("allow-any-domain") + ": true to accept any domain the CA bundle vouches for");
            }
            String normal = PeerIdentity.tryNormalize(d).orElseThrow(
                    () -> trust.error("allowed-domains", "'" + d + "' is not a domain name"));
            if (!domains.add(normal)) {
                throw trust.error("allowed-domains", "'" + d + "' is listed twice");
            }
        }
        Map<String, String> pins = new LinkedHashMap<>();
        ConfigSection pinned = trust.section("pinned-peers");
        for (String d : pinned.keys()) {
            String normal = PeerIdentity.tryNormalize(d).orElseThrow(
                    () -> pinned.error(d, "not a domain name"));
            byte[] pin = pinned.optBase64(d, SHA256_BYTES).orElseThrow(
                    () -> pinned.error(d, "required: the base64 SHA-256 of the peer's SubjectPublicKeyInfo"));
            if (pin.length != SHA256_BYTES) {
                throw pinned.error(d, "must be a SHA-256 (32 bytes), got " + pin.length + " bytes");
            }
            if (!any && !domains.contains(normal)) {
                throw pinned.error(d, "not one of " + trust.pathOf("allowed-domains"));
            }
            pins.put(normal, Base64.getEncoder().encodeToString(pin));
        }
        return new TrustSettings(cert, key, ca, domains, pins, any,
                trust.optBool("accept-wildcard-certificates", false));
    }

    private static Path requirePath(ConfigSection s, String key) {
        if (!s.has(key)) {
            throw s.error(key, "required: the path of a PEM file");
        }
        return s.optPath(key, null);
    }
}
