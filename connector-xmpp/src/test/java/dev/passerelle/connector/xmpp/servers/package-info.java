/**
 * Test fixtures for the real XMPP servers (Prosody and ejabberd) that scripts/test starts on loopback:
 * their coordinates, logged-in Smack clients, and a raw XEP-0114 component socket.
 */
package dev.passerelle.connector.xmpp.servers;
