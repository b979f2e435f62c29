package dev.passerelle.connector.matrix.appservice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.ghost.GhostSpaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The appservice registration file a homeserver is given (Synapse's {@code app_service_config_files}):
 * who the gateway is, its two secret tokens, and the exclusive namespaces of its ghosts and portals.
 * {@link #generate} makes a fresh one, {@link #toYaml} writes it, {@link #read} reads and checks one back.
 *
 * @param id the appservice id, unique on the homeserver and never changed afterwards
 * @param url where the homeserver reaches the gateway's {@link AppServiceServer}
 * @param asToken what the gateway presents to the homeserver
 * @param hsToken what the homeserver presents to the gateway
 * @param senderLocalpart the localpart of the gateway's bot user
 * @param userNamespaceRegex the exclusive user namespace (the ghosts)
 * @param aliasNamespaceRegex the exclusive alias namespace (the portals)
 * @param protocols the third-party protocols answered under {@code /thirdparty}
 */
public record Registration(String id, URI url, String asToken, String hsToken, String senderLocalpart,
        String userNamespaceRegex, String aliasNamespaceRegex, boolean rateLimited, boolean receiveEphemeral,
        List<String> protocols) {

    /** The protocol ids answered by the third-party lookup endpoints. */
    public static final List<String> PROTOCOLS = List.of("xmpp", "mimi");

    /** Random bytes in each token: 256 bits. */
    static final int TOKEN_BYTES = 32;

    /** Tokens are compared and sent in headers and query strings, so keep them to URL-safe text. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{16,}");

    public Registration {
        requireText("id", id);
        Objects.requireNonNull(url, "registration: url is required");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("registration: url must be an absolute http or https URL, was " + url);
        }
        checkToken("as_token", asToken);
        checkToken("hs_token", hsToken);
        if (asToken.equals(hsToken)) {
            throw new IllegalArgumentException("registration: as_token and hs_token must differ");
        }
        requireText("sender_localpart", senderLocalpart);
        try {
            new MatrixUserId(senderLocalpart, "localhost");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("registration: sender_localpart '" + senderLocalpart + "': "
                    + e.getMessage(), e);
        }
        checkRegex("namespaces.users", userNamespaceRegex);
        checkRegex("namespaces.aliases", aliasNamespaceRegex);
        protocols = List.copyOf(Objects.requireNonNull(protocols, "registration: protocols is required"));
    }

    /**
     * A fresh registration for the given ghost spaces' Matrix side: new random tokens, the bot
     * {@code <prefix>bot}, users {@code @<prefix>.*:<server>} and aliases {@code #<prefix>.*:<server>},
     * both exclusive, not rate-limited, with ephemeral events (typing, receipts, presence).
     *
     * @param serverName the homeserver's server name ({@link GhostSpaces#matrixServer()})
     * @param ghostPrefix the ghosts' localpart prefix ({@link GhostSpaces#matrixPrefix()})
     */
    public static Registration generate(String id, URI url, String serverName, String ghostPrefix,
            SecureRandom random) {
        Objects.requireNonNull(random, "random");
        // Let GhostSpaces check the server name and prefix, the way the ghosts themselves are checked.
        GhostSpaces spaces = new GhostSpaces("gw.localhost", serverName, ghostPrefix, "localhost");
        String prefix = escape(spaces.matrixPrefix());
        String server = escape(spaces.matrixServer());
        return new Registration(id, url, token(random), token(random), spaces.matrixPrefix() + "bot",
                "@" + prefix + ".*:" + server, "#" + prefix + ".*:" + server, false, true, PROTOCOLS);
    }

    /**
     * Backslash-escapes regex metacharacters. Not {@code Pattern.quote}: homeservers read the namespaces
     * as POSIX or Python regexes, which have no {@code \Q...\E}.
     */
    static String escape(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (".^$*+?()[]{}|\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String token(SecureRandom random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The registration file, in the format of the spec's {@code registration.yaml} schema. */
    public String toYaml() {
        ObjectMapper mapper = yamlMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id);
        root.put("url", url.toString());
        root.put("as_token", asToken);
        root.put("hs_token", hsToken);
        root.put("sender_localpart", senderLocalpart);
        root.put("rate_limited", rateLimited);
        root.put("receive_ephemeral", receiveEphemeral);
        // Synapse reads the older unstable name only, before it supported the stable one.
        root.put("de.sorunome.msc2409.push_ephemeral", receiveEphemeral);
        ObjectNode namespaces = root.putObject("namespaces");
        namespaces.putArray("users").addObject().put("regex", userNamespaceRegex).put("exclusive", true);
        namespaces.putArray("aliases").addObject().put("regex", aliasNamespaceRegex).put("exclusive", true);
        namespaces.putArray("rooms");
        ArrayNode list = root.putArray("protocols");
        protocols.forEach(list::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the registration as YAML", e);
        }
    }

    /**
     * Reads a registration file and checks it: every required key, tokens of at least 16 URL-safe
     * characters, valid regexes, and exactly one exclusive namespace of users and one of aliases.
     *
     * @throws IllegalArgumentException naming the file and the key at fault
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Registration read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registration file " + file, e);
        }
        JsonNode root;
        try {
            root = yamlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping of keys to values");
        }
        try {
            return fromTree(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Registration fromTree(JsonNode root) {
        JsonNode namespaces = root.path("namespaces");
        if (!namespaces.isObject()) {
            throw new IllegalArgumentException("namespaces: required, a mapping");
        }
        URI url;
        try {
            url = URI.create(text(root, "url"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: not a valid URL: " + e.getMessage(), e);
        }
        List<String> protocols = new ArrayList<>();
        JsonNode list = root.path("protocols");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException("protocols: expected a list of strings");
            }
            list.forEach(p -> {
                if (!p.isTextual()) {
                    throw new IllegalArgumentException("protocols: expected a list of strings");
                }
                protocols.add(p.textValue());
            });
        }
        return new Registration(text(root, "id"), url, text(root, "as_token"), text(root, "hs_token"),
                text(root, "sender_localpart"), exclusiveRegex(namespaces, "users"),
                exclusiveRegex(namespaces, "aliases"), bool(root, "rate_limited", true),
                bool(root, "receive_ephemeral", false), protocols);
    }

    private static String exclusiveRegex(JsonNode namespaces, String key) {
        JsonNode list = namespaces.path(key);
        if (!list.isArray() || list.size() != 1) {
            throw new IllegalArgumentException("namespaces." + key + ": expected exactly one namespace");
        }
        JsonNode ns = list.get(0);
        if (!ns.path("exclusive").isBoolean() || !ns.path("exclusive").booleanValue()) {
            throw new IllegalArgumentException("namespaces." + key + "[0].exclusive: must be true, so that no "
                    + "other user can take the gateway's names");
        }
        if (!ns.path("regex").isTextual()) {
            throw new IllegalArgumentException("namespaces." + key + "[0].regex: required, a string");
        }
        return ns.path("regex").textValue();
    }

    private static String text(JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(key + ": required, a string");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode root, String key, boolean absent) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(key + ": expected true or false");
        }
        return v.booleanValue();
    }

    private static ObjectMapper yamlMapper() {
        YAMLFactory yaml = YAMLFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build();
        return new ObjectMapper(yaml);
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("registration: " + key + " is required");
        }
    }

    private static void checkToken(String key, String token) {
        requireText(key, token);
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("registration: " + key + " must be at least 16 characters of "
                    + "A-Z a-z 0-9 . _ ~ + / = -");
        }
    }

    private static void checkRegex(String key, String regex) {
        requireText(key, regex);
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("registration: " + key + " is not a valid regex: "
                    + e.getDescription(), e);
        }
    }

    /** Keeps the secrets out of logs. */
    @Override
    public String toString() {
        return "Registration[id=" + id + ", url=" + url + ", senderLocalpart=" + senderLocalpart
                + ", users=" + userNamespaceRegex + ", aliases=" + aliasNamespaceRegex + "]";
    }
}
