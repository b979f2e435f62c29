package dev.passerelle.core.spi;

import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostSpaces;

/**
 * Creates connectors of one type; found through {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.passerelle.core.spi.ConnectorFactory}), or built by hand in tests.
 */
public interface ConnectorFactory {

    /** The {@code type} a config section names to use this factory, e.g. {@code xmpp}. */
    String type();

    /**
     * Validates {@code context.config()} and builds a connector. Called once per configured connector,
     * on the launcher's thread, before Vert.x deploys anything; may block briefly. A bad config fails
     * here with a {@link dev.passerelle.core.config.ConfigException} naming the key.
     */
    Connector create(ConnectorContext context);

    /**
     * Checks a config section as {@link #create} would, without connecting or building anything, so that
     * {@code passerelle check-config} reports a bad connector key before a start is attempted. The default
     * accepts every section; factories whose connector has keys override it.
     *
     * @throws dev.passerelle.core.config.ConfigException naming the first bad or unknown key
     */
    default void validate(ConfigSection section, GhostSpaces ghosts) {
    }
}
