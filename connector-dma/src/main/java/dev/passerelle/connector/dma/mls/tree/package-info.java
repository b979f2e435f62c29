/**
 * The ratchet tree: index arithmetic of left-balanced binary trees (RFC 9420 appendix C), the leaf and parent
 * node structures, resolutions and tree hashes (RFC 9420 section 7).
 */
package dev.passerelle.connector.dma.mls.tree;
