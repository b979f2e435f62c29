/**
 * The Matrix Application Service side of the connector: the registration file the homeserver is given
 * ({@link dev.passerelle.connector.matrix.appservice.Registration}), and the HTTP server the homeserver
 * pushes transactions and queries to ({@link dev.passerelle.connector.matrix.appservice.AppServiceServer}),
 * which authenticates, bounds and parses each request and hands it, typed, to an
 * {@link dev.passerelle.connector.matrix.appservice.AppServiceHandler}.
 */
package dev.passerelle.connector.matrix.appservice;
