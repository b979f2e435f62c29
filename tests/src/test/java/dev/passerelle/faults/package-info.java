/**
 * Faults on the real distribution: the gateway killed during a stream of messages, outages of each peer (the
 * homeserver, the XMPP server, the database, the other MIMI provider), and messages that cannot be delivered.
 */
package dev.passerelle.faults;
