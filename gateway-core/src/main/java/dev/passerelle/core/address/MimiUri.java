package dev.passerelle.core.address;

/**
 * The {@code mimi://provider/u/name} and {@code mimi://provider/r/name} URIs of draft-ietf-mimi-arch. The name
 * is one path segment, percent-encoded except for unreserved characters. Other kinds ({@code /d/} devices,
 * {@code /g/} MLS groups) and URIs with a query or fragment are not user or room addresses and are refused.
 */
final class MimiUri {
    static final String SCHEME = "mimi";

    private MimiUri() {
    }

    static String print(String provider, String kind, String name) {
        return "mimi://" + provider + "/" + kind + "/" + PercentEncoding.encode(name, PercentEncoding::unreserved);
    }

    /** Parses the text after {@code mimi:}. */
    static Address parse(String afterScheme) {
        if (!afterScheme.startsWith("//")) {
            throw new AddressException("uri", "a MIMI address starts with mimi://");
        }
        String rest = afterScheme.substring(2);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new AddressException("uri", "a query or fragment is not part of a MIMI address");
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new AddressException("uri", "mimi://" + rest
                    + " names only a provider; expected /u/<name> or /r/<name>");
        }
        String provider = rest.substring(0, slash);
        String path = rest.substring(slash);
        boolean user = path.startsWith("/u/");
        if (!user && !path.startsWith("/r/")) {
            throw new AddressException("uri", "path " + path + " is not /u/<name> or /r/<name>");
        }
        String part = user ? "user" : "room";
        String segment = path.substring(3);
        if (segment.indexOf('/') >= 0) {
            throw new AddressException(part, "must be a single path segment (a '/' in a name is written %2F)");
        }
        String name = PercentEncoding.decode(segment, part);
        return user ? new MimiUserUri(provider, name) : new MimiRoomUri(provider, name);
    }
}
