package dev.passerelle.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.admin.AdminSettings;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.media.MediaSettings;
import dev.passerelle.core.media.WebFetchSettings;
import dev.passerelle.core.router.RouterSettings;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole validated configuration of one gateway process, read once at start-up from the config file's
 * tree ({@link #parse}). Every section the core owns is checked key by key; each connector's section is
 * handed on as it is, for the connector to check.
 *
 * @param dataDir where the embedded store (and anything else on disk) lives
 * @param webFetch whether and how attachments given as http(s) URLs are fetched (keys {@code media.fetch-*})
 * @param connectors the configured connectors by name, in file order
 */
public record GatewayConfig(
        Path dataDir,
        StoreSettings store,
        AdminSettings admin,
        MediaSettings media,
        WebFetchSettings webFetch,
        GhostSpaces ghosts,
        RouterSettings router,
        Map<String, ConnectorConfig> connectors) {

    public GatewayConfig {
        if (dataDir == null || store == null || admin == null || media == null || webFetch == null || ghosts == null
                || router == null
                || connectors == null) {
            throw new IllegalArgumentException("every part of the gateway config is required");
        }
        connectors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(connectors));
    }

    /**
     * Validates a parsed config file (YAML or JSON, as a Jackson tree; null or missing means empty).
     *
     * @throws ConfigException on the first unknown key or bad value, naming its dotted path
     */
    public static GatewayConfig parse(JsonNode root) {
        return GatewayConfigReader.read(ConfigSection.root(root));
    }

    /**
     * The configuration used when no file is given: every default, no connectors, and the given media
     * signing key (a fresh random one, so media URLs do not outlive the process).
     */
    public static GatewayConfig embeddedDefaults(byte[] signingKey) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("media").put("signing-key", Base64.getEncoder().encodeToString(signingKey));
        return parse(root);
    }
}
