/**
 * The provider-to-provider transport of MIMI: HTTPS with mutual TLS. {@link
 * dev.passerelle.connector.dma.transport.MimiServer} serves the endpoints to peer providers and names each caller
 * by the provider domain in its certificate; {@link dev.passerelle.connector.dma.transport.MimiHttpClient} calls
 * peers and checks that the server's certificate names the peer it meant to reach. Trust (CA bundle, pins,
 * allowed domains) comes from {@link dev.passerelle.connector.dma.transport.TrustSettings}.
 */
package dev.passerelle.connector.dma.transport;
