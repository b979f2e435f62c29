/**
 * The durable side of MLS for the gateway: the client identity and every group's state kept in the
 * connector state store, and application messages encrypted so that the ratchet state they consume is
 * committed by the delivery journal together with the ciphertext.
 */
package dev.passerelle.connector.dma.groups;
