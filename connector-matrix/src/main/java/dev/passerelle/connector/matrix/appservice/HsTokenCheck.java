package dev.passerelle.connector.matrix.appservice;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Finds the homeserver's token in a request ({@code Authorization: Bearer}, or the {@code access_token}
 * query parameter older homeservers send) and compares it with the registration's in constant time.
 */
final class HsTokenCheck {

    private static final String BEARER = "bearer ";

    /** What a request's credentials came to. */
    enum Outcome { ACCEPTED, MISSING, WRONG }

    private final byte[] expectedDigest;

    HsTokenCheck(String hsToken) {
        this.expectedDigest = digest(hsToken);
    }

    /**
     * @param authorization the Authorization header, if any
     * @param accessTokens every {@code access_token} query parameter
     */
    Outcome check(Optional<String> authorization, List<String> accessTokens) {
        Optional<String> presented = authorization
                .filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(h -> h.substring(BEARER.length()).trim());
        if (presented.isEmpty() && accessTokens.size() == 1) {
            presented = Optional.of(accessTokens.get(0));
        }
        if (presented.isEmpty() || presented.get().isEmpty()) {
            // A header in another scheme, or several query tokens, count as no usable credentials.
            return authorization.isPresent() || !accessTokens.isEmpty() ? Outcome.WRONG : Outcome.MISSING;
        }
        // Comparing fixed-length digests hides the token's length as well as its content.
        return MessageDigest.isEqual(expectedDigest, digest(presented.get())) ? Outcome.ACCEPTED : Outcome.WRONG;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
