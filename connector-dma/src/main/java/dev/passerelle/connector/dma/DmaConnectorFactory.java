package dev.passerelle.connector.dma;

import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.ConnectorFactory;

/** Makes the MIMI provider connector for a config section of {@code type: dma}; found through ServiceLoader. */
public final class DmaConnectorFactory implements ConnectorFactory {

    public static final String TYPE = "dma";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(ConfigSection section, GhostSpaces ghosts) {
        DmaSettings.from(section, ghosts);
    }

    @Override
    public Connector create(ConnectorContext context) {
        return new DmaConnector(context, DmaSettings.from(context.config(), context.ghosts().spaces()));
    }
}
