package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectorCatalogTest {

    @Test
    void theLaunchersClassPathInstallsTheXmppAndMatrixConnectors() {
        assertThat(ConnectorCatalog.load().types()).contains("xmpp", "matrix");
    }
}
