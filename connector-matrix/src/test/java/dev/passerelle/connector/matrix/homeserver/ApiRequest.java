package dev.passerelle.connector.matrix.homeserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the validator sees it: the raw (still percent-encoded) path, the decoded query multimap,
 * headers with lower-case names, the body bytes and the content type.
 */
public record ApiRequest(
        String method,
        String rawPath,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        byte[] body,
        String contentType) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        if (!rawPath.startsWith("/")) {
            throw new IllegalArgumentException("rawPath must start with '/': " + rawPath);
        }
        if (rawPath.indexOf('?') >= 0) {
            throw new IllegalArgumentException("rawPath must not carry the query: " + rawPath);
        }
        method = method.toUpperCase(Locale.ROOT);
        query = copy(query == null ? Map.of() : query, false);
        headers = copy(headers == null ? Map.of() : headers, true);
        body = body == null ? new byte[0] : body.clone();
        contentType = contentType == null || contentType.isBlank() ? null : contentType;
    }

    /** A request from a URL's path and raw query ({@code /a/b?x=1&y=%21}), headers and body. */
    public static ApiRequest of(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        Map<String, List<String>> query = question < 0 ? Map.of() : parseQuery(pathAndQuery.substring(question + 1));
        String contentType = null;
        if (headers != null) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase("Content-Type") && !header.getValue().isEmpty()) {
                    contentType = header.getValue().get(0);
                }
            }
        }
        return new ApiRequest(method, path, query, headers, body, contentType);
    }

    /** Decodes {@code a=1&b=x%20y&a=2} into an ordered multimap. */
    public static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    /** The first value of a header, by case-insensitive name. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of a query parameter. */
    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> source, boolean lowerCaseKeys) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        source.forEach((key, values) -> result.merge(
                lowerCaseKeys ? key.toLowerCase(Locale.ROOT) : key,
                List.copyOf(values),
                (a, b) -> {
                    List<String> merged = new ArrayList<>(a);
                    merged.addAll(b);
                    return List.copyOf(merged);
                }));
        return java.util.Collections.unmodifiableMap(result);
    }
}
