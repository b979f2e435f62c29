/**
 * The ports of the durable store (ghosts, links, message ids, delivery journal, connector state), seen by
 * the core and the connectors; the JDBC implementation lives in the {@code mapping} module. Every method
 * blocks on the database and must run on a worker thread, never on a Vert.x event loop.
 */
package dev.passerelle.core.store;
