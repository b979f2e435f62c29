package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenAPI operation with its {@code $ref}s inlined: the full path template (base path included), the method
 * and the parts a request is checked against.
 */
record Operation(String method, String template, String source, boolean clientServer, JsonNode definition,
                 Pattern pattern, List<String> pathNames, int literalLength) {

    static Operation of(String method, String basePath, String path, String source, JsonNode definition) {
        String template = basePath + path.strip();
        StringBuilder regex = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        int literal = 0;
        Matcher params = Pattern.compile("\\{([^}]+)}").matcher(template);
        int last = 0;
        while (params.find()) {
            regex.append(Pattern.quote(template.substring(last, params.start())));
            literal += params.start() - last;
            names.add(params.group(1));
            // An empty state key is written as an empty last segment (see SpecAllowlist.STATE_KEY_TRAILING_SLASH).
            regex.append(params.group(1).equals("stateKey") ? "([^/]*)" : "([^/]+)");
            last = params.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        literal += template.length() - last;
        boolean clientServer = basePath.startsWith("/_matrix/client") || basePath.startsWith("/_matrix/media")
                || basePath.equals("/_matrix");
        return new Operation(method.toUpperCase(java.util.Locale.ROOT), template, source, clientServer, definition,
                Pattern.compile(regex.toString()), List.copyOf(names), literal);
    }

    /** The decoded path parameters if {@code rawPath} matches this template. */
    Optional<Map<String, String>> match(String rawPath) {
        Matcher matcher = pattern.matcher(rawPath);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pathNames.size(); i++) {
            // Percent-decoding only: '+' is literal in a path.
            values.put(pathNames.get(i), ApiRequest.decode(matcher.group(i + 1).replace("+", "%2B")));
        }
        return Optional.of(values);
    }

    String operationId() {
        return definition.path("operationId").asText(method + " " + template);
    }

    String label() {
        return method + " " + template + " (" + operationId() + ", " + source + ")";
    }
}
