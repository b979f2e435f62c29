/**
 * The MIMI provider plugged into the router: {@link dev.passerelle.connector.dma.DmaConnectorFactory} (type
 * {@code dma}) reads {@link dev.passerelle.connector.dma.DmaSettings} and makes a
 * {@link dev.passerelle.connector.dma.DmaConnector}, which wires the provider, the transport and the MLS members of
 * our users (the ghosts of XMPP and Matrix users) to the core.
 */
package dev.passerelle.connector.dma;
