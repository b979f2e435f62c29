package dev.passerelle.connector.dma.transport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The trust decisions about peer providers, made from loaded {@link TrustSettings}: which domain a client
 * certificate speaks for, whether a server certificate is the peer we meant to reach, and the PEM material for
 * Vert.x's TLS. The TLS layer has already checked the chain against the CA bundle (signature, validity, key
 * usage); this adds the RFC 6125 identity, the allowed domains and the pins.
 */
public final class PeerTrust {

    private final TrustSettings settings;
    private final Buffer certChain;
    private final Buffer key;
    private final Buffer caBundle;
    private final Set<String> ownDomains;

    private PeerTrust(TrustSettings settings, Buffer certChain, Buffer key, Buffer caBundle, Set<String> ownDomains) {
        this.settings = settings;
        this.certChain = certChain;
        this.key = key;
        this.caBundle = caBundle;
        this.ownDomains = ownDomains;
    }

    /**
     * Reads and checks the PEM files. Blocking: call it at start-up or on a worker thread.
     *
     * @throws IllegalArgumentException naming the setting if a file is missing or holds the wrong thing
     */
    public static PeerTrust load(TrustSettings settings) {
        byte[] chain = read("tls.cert", settings.certChain());
        List<X509Certificate> certs = certificates("tls.cert", settings.certChain(), chain);
        byte[] key = read("tls.key", settings.key());
        String keyText = new String(key, StandardCharsets.US_ASCII);
        if (!keyText.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("tls.key " + settings.key()
                    + ": expected a PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] ca = read("trust.ca-bundle", settings.caBundle());
        certificates("trust.ca-bundle", settings.caBundle(), ca);
        Set<String> own = PeerIdentity.dnsIds(certs.get(0));
        if (own.isEmpty()) {
            throw new IllegalArgumentException("tls.cert " + settings.certChain()
                    + ": the certificate has no subjectAltName dNSName, so it names no provider domain");
        }
        return new PeerTrust(settings, Buffer.buffer(chain), Buffer.buffer(key), Buffer.buffer(ca), own);
    }

    public TrustSettings settings() {
        return settings;
    }

    /** The DNS-IDs of our own certificate. */
    public Set<String> ownDomains() {
        return ownDomains;
    }

    /** Our certificate chain and key, for a Vert.x server or client. */
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions().setCertValue(certChain.copy()).setKeyValue(key.copy());
    }

    /** The CA bundle, for a Vert.x server or client. */
    public PemTrustOptions trustOptions() {
        return new PemTrustOptions().addCertValue(caBundle.copy());
    }

    /**
     * The provider domain a verified client chain speaks for.
     *
     * @throws PeerRefusedException if it names no accepted domain, more than one, or its key is not the pinned one
     */
    public String identifyClient(List<? extends Certificate> chain) {
        X509Certificate leaf = leaf(chain);
        Set<String> ids = PeerIdentity.dnsIds(leaf);
        if (ids.isEmpty()) {
            throw new PeerRefusedException(RefusalReason.NO_IDENTITY,
                    "the peer certificate has no subjectAltName dNSName (a common name does not count)");
        }
        List<String> candidates = new ArrayList<>();
        if (settings.allowAnyDomain()) {
            for (String id : ids) {
                // A wildcard names no single provider, so with no list to match it against it identifies nobody.
                if (!id.contains("*")) {
                    candidates.add(id);
                }
            }
        } else {
            for (String allowed : settings.allowedDomains()) {
                for (String id : ids) {
                    if (PeerIdentity.matches(id, allowed, settings.acceptWildcardCertificates())) {
                        candidates.add(allowed);
                        break;
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new PeerRefusedException(RefusalReason.UNKNOWN_PEER,
                    "the peer certificate names " + ids + ", none of them an allowed peer domain");
        }
        if (candidates.size() > 1) {
            throw new PeerRefusedException(RefusalReason.AMBIGUOUS_PEER,
                    "the peer certificate names several allowed domains " + candidates);
        }
        String domain = candidates.get(0);
        checkPin(domain, leaf);
        return domain;
    }

    /**
     * Refuses a domain we may not call, before any connection is made.
     *
     * @return the domain in normal form
     * @throws PeerRefusedException if the domain is not an allowed peer
     */
    public String requireCallable(String domain) {
        String normal = PeerIdentity.tryNormalize(domain).orElseThrow(() -> new PeerRefusedException(
                RefusalReason.UNKNOWN_PEER, "'" + domain + "' is not a domain name"));
        if (!settings.allowAnyDomain() && !settings.allowedDomains().contains(normal)) {
            throw new PeerRefusedException(RefusalReason.UNKNOWN_PEER, normal + " is not an allowed peer domain");
        }
        return normal;
    }

    /**
     * Checks that a verified server chain is the peer {@code domain} (normal form) we meant to reach.
     *
     * @throws PeerRefusedException if its certificate does not name the domain or its key is not the pinned one
     */
    public void verifyServer(List<? extends Certificate> chain, String domain) {
        X509Certificate leaf = leaf(chain);
        if (PeerIdentity.matchingDomain(leaf, domain, settings.acceptWildcardCertificates()).isEmpty()) {
            throw new PeerRefusedException(RefusalReason.DOMAIN_MISMATCH, "the server certificate names "
                    + PeerIdentity.dnsIds(leaf) + ", not " + domain);
        }
        checkPin(domain, leaf);
    }

    private void checkPin(String domain, X509Certificate leaf) {
        String pin = settings.pinnedPeers().get(domain);
        if (pin != null && !MessageDigest.isEqual(Base64.getDecoder().decode(pin), spkiSha256(leaf))) {
            throw new PeerRefusedException(RefusalReason.PIN_MISMATCH,
                    "the key of " + domain + " is not the pinned one");
        }
    }

    /** The SHA-256 of a certificate's SubjectPublicKeyInfo: what a pin names. */
    static byte[] spkiSha256(X509Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static X509Certificate leaf(List<? extends Certificate> chain) {
        if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            throw new PeerRefusedException(RefusalReason.NO_IDENTITY, "the peer presented no X.509 certificate");
        }
        return leaf;
    }

    private static byte[] read(String key, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(String key, Path file, byte[] pem) {
        Collection<? extends Certificate> parsed;
        try {
            parsed = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(key + " " + file + ": not PEM certificates: " + e.getMessage(), e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : parsed) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " " + file + ": holds no certificate");
        }
        return out;
    }
}
