package dev.passerelle.core.ghost;

/**
 * Where the gateway's ghosts live on each network: the XMPP component domain, the Matrix server name and
 * the localpart prefix of the appservice's exclusive namespace, and the gateway's MIMI provider domain.
 */
public record GhostSpaces(String xmppDomain, String matrixServer, String matrixPrefix, String mimiProvider) {
}
