package dev.passerelle.connector.matrix;

import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.ConnectorFactory;

/** Makes the Matrix connector for a config section of {@code type: matrix}; found through ServiceLoader. */
public final class MatrixConnectorFactory implements ConnectorFactory {

    public static final String TYPE = "matrix";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(ConfigSection section, GhostSpaces ghosts) {
        MatrixSettings.from(section, ghosts);
    }

    @Override
    public Connector create(ConnectorContext context) {
        MatrixSettings settings = MatrixSettings.from(context.config(), context.ghosts().spaces());
        return new MatrixConnector(context, settings);
    }
}
