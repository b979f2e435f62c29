package dev.passerelle.connector.dma.provider;

import java.util.Optional;

/**
 * The users behind this provider, implemented by the connector (the XMPP and Matrix users it bridges). Blocking:
 * called on worker threads.
 */
@FunctionalInterface
public interface UserDirectory {

    /**
     * The local user named by {@code userUri} (a MIMI user URI of our domain, e.g. {@code mimi://gw.example/u/alice}),
     * if it exists and may be found and added by peers; empty otherwise (peers then learn only "unknown").
     */
    Optional<LocalUser> find(String userUri);
}
