package dev.passerelle.deploy;

import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.ConnectorConfig;
import dev.passerelle.core.spi.ConnectorFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The installed connector types: every {@link ConnectorFactory} on the class path, by {@code type()}. */
final class ConnectorCatalog {

    private final Map<String, ConnectorFactory> byType;

    private ConnectorCatalog(Map<String, ConnectorFactory> byType) {
        this.byType = byType;
    }

    /** The factories {@link ServiceLoader} finds on the launcher's class path. */
    static ConnectorCatalog load() {
        return of(ServiceLoader.load(ConnectorFactory.class, ConnectorCatalog.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    static ConnectorCatalog of(List<ConnectorFactory> factories) {
        Map<String, ConnectorFactory> byType = new TreeMap<>();
        for (ConnectorFactory f : factories) {
            ConnectorFactory other = byType.putIfAbsent(f.type(), f);
            if (other != null) {
                throw new IllegalStateException("two connector factories declare type '" + f.type() + "': "
                        + other.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new ConnectorCatalog(byType);
    }

    Set<String> types() {
        return byType.keySet();
    }

    /** The factory for a configured connector's type, or an error at its {@code type} key listing what is installed. */
    ConnectorFactory require(ConnectorConfig connector) {
        ConnectorFactory factory = byType.get(connector.type());
        if (factory == null) {
            String available = byType.isEmpty() ? "no connector is installed" : "available: " + String.join(", ", byType.keySet());
            throw new ConfigException(connector.section().pathOf("type"),
                    "unknown connector type '" + connector.type() + "' (" + available + ")");
        }
        return factory;
    }
}
