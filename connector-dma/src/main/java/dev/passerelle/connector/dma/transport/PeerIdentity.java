package dev.passerelle.connector.dma.transport;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The provider domain a certificate speaks for, by RFC 6125: DNS-IDs are the subjectAltName dNSName entries only
 * (a subject common name is never used, so a certificate without dNSNames names nobody), compared
 * case-insensitively as ASCII, with internationalised names compared in their A-label form.
 *
 * <p>Wildcard certificates ({@code *.example.com}) are refused unless the caller asks for them: a provider is one
 * domain, and a wildcard held by a hosting company would let each of its tenants speak for every other. When
 * accepted, a wildcard follows RFC 6125 6.4.3 strictly: only a whole left-most label {@code *}, matching exactly
 * one label, never beside an A-label, and never directly over a public suffix-like single label ({@code *.com}).
 */
public final class PeerIdentity {

    private static final int DNS_NAME = 2;

    private PeerIdentity() {
    }

    /** The certificate's DNS-IDs in lower case, in certificate order; entries that are not ASCII are dropped. */
    public static Set<String> dnsIds(X509Certificate leaf) {
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        if (names == null) {
            return ids;
        }
        for (List<?> entry : names) {
            if (entry.size() >= 2 && entry.get(0) instanceof Integer type && type == DNS_NAME
                    && entry.get(1) instanceof String name) {
                String id = stripDot(name).toLowerCase(Locale.ROOT);
                if (!id.isEmpty() && isAscii(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** The claimed domain (in A-label form) if the certificate has a DNS-ID for it; wildcards do not count. */
    public static Optional<String> matchingDomain(X509Certificate leaf, String claimedDomain) {
        return matchingDomain(leaf, claimedDomain, false);
    }

    /** The claimed domain (in A-label form) if a DNS-ID of the certificate matches it. */
    public static Optional<String> matchingDomain(X509Certificate leaf, String claimedDomain, boolean acceptWildcards) {
        Optional<String> reference = tryNormalize(claimedDomain);
        if (reference.isEmpty()) {
            return Optional.empty();
        }
        for (String presented : dnsIds(leaf)) {
            if (matches(presented, reference.get(), acceptWildcards)) {
                return reference;
            }
        }
        return Optional.empty();
    }

    /**
     * A domain in the form identities are compared in: IDNA A-labels, lower case, no trailing dot.
     *
     * @throws IllegalArgumentException if it is not a host name (empty, an empty label, a bad IDN, a wildcard)
     */
    public static String normalize(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("a domain must not be empty");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(stripDot(domain.trim()), IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + domain + "' is not a valid domain: " + e.getMessage(), e);
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.isEmpty() || ascii.startsWith(".") || ascii.contains("..")) {
            throw new IllegalArgumentException("'" + domain + "' is not a valid domain");
        }
        return ascii;
    }

    static Optional<String> tryNormalize(String domain) {
        try {
            return Optional.of(normalize(domain));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** RFC 6125 6.4.1 and 6.4.3: {@code presented} from the certificate, {@code reference} already normalised. */
    static boolean matches(String presented, String reference, boolean acceptWildcards) {
        if (!presented.startsWith("*")) {
            return presented.equals(reference);
        }
        if (!acceptWildcards || !presented.startsWith("*.")) {
            // Partial-label wildcards (f*.example.com) are allowed by 6.4.3 as a MAY; we do not take them.
            return false;
        }
        String rest = presented.substring(2);
        if (rest.indexOf('.') < 0 || rest.contains("*")) {
            return false;
        }
        int dot = reference.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String firstLabel = reference.substring(0, dot);
        if (firstLabel.startsWith("xn--")) {
            return false;
        }
        return reference.substring(dot + 1).equals(rest);
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7e || s.charAt(i) < 0x21) {
                return false;
            }
        }
        return true;
    }
}
