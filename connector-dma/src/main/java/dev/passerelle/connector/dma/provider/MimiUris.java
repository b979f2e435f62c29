package dev.passerelle.connector.dma.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** The provider domain of a MIMI URI ({@code mimi://a.example/u/alice}): its authority in lower case. */
final class MimiUris {

    private MimiUris() {
    }

    /** The domain of {@code uri}; fails with the URI in the message when it is not a mimi URI with a host. */
    static String domainOf(String uri) {
        return tryDomainOf(uri).orElseThrow(
                () -> new IllegalArgumentException("not a mimi:// URI with a provider domain: " + uri));
    }

    static Optional<String> tryDomainOf(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        try {
            URI parsed = new URI(uri);
            if (!"mimi".equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null
                    || parsed.getUserInfo() != null) {
                return Optional.empty();
            }
            return Optional.of(parsed.getHost().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
