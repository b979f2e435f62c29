package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.state.MlsClient;
import java.util.Objects;

/**
 * A user behind this provider as MIMI sees it: its user URI, the URI of the one MLS client that stands for it, and
 * that client (whose basic credential identity is the user URI, so that hubs can tie leaves to users).
 */
public record LocalUser(String userUri, String clientUri, MlsClient client) {

    /** Checks presence and that both URIs are MIMI URIs. */
    public LocalUser {
        MimiUris.domainOf(userUri);
        MimiUris.domainOf(clientUri);
        Objects.requireNonNull(client, "client");
    }
}
