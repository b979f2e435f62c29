package dev.passerelle.connector.dma.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The endpoints of section 5 with their HTTP method and path template, following the directory example of section
 * 5.1 (paths under {@code /v1/}) with its errata fixed: {@code update/{roomId}} has its slash, the message endpoint
 * is {@code submitMessage} (the example flows say {@code /submit}), and the consent endpoints take the users named
 * in the directory ({@code {targetUser}}, {@code {requesterUser}}) rather than the domains of section 5.7. The path
 * parameter is one segment: a URI (or the download URL) percent-encoded whole.
 */
public enum MimiEndpoint {
    /** The directory document (JSON), at its well-known URI. */
    DIRECTORY("GET", null, "/.well-known/mimi-protocol-directory", null),
    /** Claim KeyPackages of a user's clients (section 5.2). */
    KEY_MATERIAL("POST", "keyMaterial", "/v1/keyMaterial/{targetUser}", "targetUser"),
    /** Propose or commit a room change at the hub (section 5.3). */
    UPDATE("POST", "update", "/v1/update/{roomId}", "roomId"),
    /** The hub's fanout to a follower (section 5.5). */
    NOTIFY("POST", "notify", "/v1/notify/{roomId}", "roomId"),
    /** Submit an application message to the hub (section 5.4). */
    SUBMIT_MESSAGE("POST", "submitMessage", "/v1/submitMessage/{roomId}", "roomId"),
    /** Fetch the GroupInfo for an external join (section 5.6). */
    GROUP_INFO("POST", "groupInfo", "/v1/groupInfo/{roomId}", "roomId"),
    /** Request or cancel consent (section 5.7). */
    REQUEST_CONSENT("POST", "requestConsent", "/v1/requestConsent/{targetUser}", "targetUser"),
    /** Grant or revoke consent (section 5.7). */
    UPDATE_CONSENT("POST", "updateConsent", "/v1/updateConsent/{requesterUser}", "requesterUser"),
    /** Find a user's internal URI (section 5.8). */
    IDENTIFIER_QUERY("POST", "identifierQuery", "/v1/identifierQuery/{domain}", "domain"),
    /** Report abuse to the hub (section 5.9). */
    REPORT_ABUSE("POST", "reportAbuse", "/v1/reportAbuse/{roomId}", "roomId"),
    /** Download an asset through the hub (section 5.10.2; the hub MUST offer it). */
    PROXY_DOWNLOAD("GET", "proxyDownload", "/v1/proxyDownload/{downloadUrl}", "downloadUrl");

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private final String method;
    private final String directoryKey;
    private final String pathTemplate;
    private final String parameter;

    MimiEndpoint(String method, String directoryKey, String pathTemplate, String parameter) {
        this.method = method;
        this.directoryKey = directoryKey;
        this.pathTemplate = pathTemplate;
        this.parameter = parameter;
    }

    /** The HTTP method. */
    public String method() {
        return method;
    }

    /** The name of this endpoint in the directory document; empty for the directory itself. */
    public Optional<String> directoryKey() {
        return Optional.ofNullable(directoryKey);
    }

    /** The path template, e.g. {@code /v1/update/{roomId}}. */
    public String pathTemplate() {
        return pathTemplate;
    }

    /** The name of the template's parameter; empty for the directory. */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }

    /** The endpoint whose directory key is {@code key}. */
    public static Optional<MimiEndpoint> byDirectoryKey(String key) {
        for (MimiEndpoint endpoint : values()) {
            if (endpoint.directoryKey != null && endpoint.directoryKey.equals(key)) {
                return Optional.of(endpoint);
            }
        }
        return Optional.empty();
    }

    /** {@code template} with this endpoint's parameter replaced by {@code value}, percent-encoded as one segment. */
    public String expand(String template, String value) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(value, "value");
        if (parameter == null) {
            return template;
        }
        String placeholder = "{" + parameter + "}";
        if (!template.contains(placeholder)) {
            throw new IllegalArgumentException("template " + template + " lacks " + placeholder);
        }
        return template.replace(placeholder, encodeSegment(value));
    }

    /** This endpoint's own path for {@code value}. */
    public String path(String value) {
        return expand(pathTemplate, value);
    }

    /** Percent-encodes every byte of the UTF-8 form except RFC 3986 unreserved characters. */
    public static String encodeSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (b >= 0 && UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Decodes a path segment received for this endpoint's parameter; a bad escape or bytes that are not UTF-8 give
     * a {@link ProtocolException} naming the parameter.
     */
    public String decodeSegment(String segment) {
        String field = pathTemplate + "." + (parameter == null ? "path" : parameter);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int high = i + 1 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new ProtocolException(field, "bad percent escape", i, null);
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '/' || c > 0x7e || c < 0x21) {
                throw new ProtocolException(field, "character " + (int) c + " not allowed in one path segment", i,
                        null);
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProtocolException(field, "not UTF-8 once decoded", 0, e);
        }
    }
}
