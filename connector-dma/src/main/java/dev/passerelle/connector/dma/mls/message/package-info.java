/** MLS protocol messages (RFC 9420 sections 6, 10 and 12): KeyPackages and proposals so far. */
package dev.passerelle.connector.dma.mls.message;
