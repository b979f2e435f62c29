/**
 * Pure translation between MIMI content messages (draft-ietf-mimi-content-08) and the gateway's canonical events:
 * no I/O, no threads; the message map and the salt source are injected.
 */
package dev.passerelle.connector.dma.translate;
