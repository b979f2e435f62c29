package dev.passerelle.core.config;

import java.util.regex.Pattern;

/**
 * One entry of the {@code connectors} map: its name (the map key, also its metrics tag and state-store
 * namespace), the {@code type} that selects a {@link dev.passerelle.core.spi.ConnectorFactory}, and the
 * rest of its section, which the connector validates itself. {@code section} no longer contains
 * {@code type}, so a connector lists only its own keys in {@link ConfigSection#allowOnly}.
 */
public record ConnectorConfig(String name, String type, ConfigSection section) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public ConnectorConfig {
        if (name == null || !validName(name)) {
            throw new IllegalArgumentException("connector name must match " + NAME.pattern() + ", was " + name);
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("connector type must not be empty");
        }
        if (section == null) {
            throw new IllegalArgumentException("connector section must not be null");
        }
    }

    /** Lower-case letters, digits, {@code -} and {@code _}, starting with a letter or digit, at most 63. */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }
}
