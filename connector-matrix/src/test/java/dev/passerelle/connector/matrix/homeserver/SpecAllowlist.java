package dev.passerelle.connector.matrix.homeserver;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the Matrix spec allows outside its OpenAPI files. Each entry cites the section of the spec (v1.19) that
 * allows it; anything not listed here and not in the OpenAPI definitions is a violation.
 */
enum SpecAllowlist {

    /**
     * Application Service API, "Legacy routes": homeservers that predate {@code /_matrix/app/v1} call
     * {@code PUT /transactions/{txnId}}; it is validated as {@code PUT /_matrix/app/v1/transactions/{txnId}}.
     */
    LEGACY_TRANSACTIONS(Pattern.compile("^/transactions/[^/]+$"), "/_matrix/app/v1", null, false),

    /** Application Service API, "Legacy routes": {@code GET /users/{userId}}, the twin of the v1 user query. */
    LEGACY_USERS(Pattern.compile("^/users/[^/]+$"), "/_matrix/app/v1", null, false),

    /** Application Service API, "Legacy routes": {@code GET /rooms/{roomAlias}}, the twin of the v1 room query. */
    LEGACY_ROOMS(Pattern.compile("^/rooms/[^/]+$"), "/_matrix/app/v1", null, false),

    /**
     * Client-Server API, PUT/GET {@code /rooms/{roomId}/state/{eventType}/{stateKey}}: "When an empty string, the
     * trailing slash on this endpoint is optional", so {@code .../state/{eventType}} means an empty state key.
     */
    STATE_KEY_TRAILING_SLASH(Pattern.compile("^/_matrix/client/v3/rooms/[^/]+/state/[^/]+$"), null, null, false),

    /**
     * Client-Server API, "Using access tokens" (and Application Service API, "Authorization" for legacy
     * homeservers): the deprecated {@code access_token} query parameter, declared only as a security scheme.
     */
    ACCESS_TOKEN_QUERY(null, null, "access_token", false),

    /**
     * Application Service API, "Identity assertion": an application service acts as one of its users on any
     * Client-Server endpoint with the {@code user_id} query parameter.
     */
    USER_ID_ASSERTION(null, null, "user_id", true),

    /**
     * Application Service API, "Identity assertion" (device masquerading, v1.17): the {@code device_id} query
     * parameter next to {@code user_id} on Client-Server endpoints.
     */
    DEVICE_ID_ASSERTION(null, null, "device_id", true);

    private final Pattern route;
    private final String prefix;
    private final String queryParameter;
    private final boolean clientServerOnly;

    SpecAllowlist(Pattern route, String prefix, String queryParameter, boolean clientServerOnly) {
        this.route = route;
        this.prefix = prefix;
        this.queryParameter = queryParameter;
        this.clientServerOnly = clientServerOnly;
    }

    /** The path this route stands for, if this entry is a route that matches {@code rawPath}. */
    Optional<String> rewrite(String rawPath) {
        if (route == null || !route.matcher(rawPath).matches()) {
            return Optional.empty();
        }
        return Optional.of(prefix != null ? prefix + rawPath : rawPath + "/");
    }

    /** Whether this entry allows the query parameter {@code name} on an operation of the given API. */
    boolean allowsQuery(String name, boolean clientServer) {
        return name.equals(queryParameter) && (clientServer || !clientServerOnly);
    }
}
