package dev.passerelle.core.store;

/**
 * The durable state of the gateway: everything else is a cache in front of it. Implemented in the
 * {@code mapping} module (JDBC); the core sees only these ports.
 */
public interface Store extends AutoCloseable {

    GhostStore ghosts();

    LinkStore links();

    MessageMap messages();

    DeliveryJournal journal();

    ConnectorStateStore state();

    /** True while the database answers; the admin API's readiness uses it. */
    boolean healthy();

    @Override
    void close();
}
