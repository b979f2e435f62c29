/**
 * A member's view of a group across epochs: joining from a Welcome's result and following commits (proposals by
 * value and by reference, UpdatePaths, transcript hashes, key schedule, confirmation).
 */
package dev.passerelle.connector.dma.mls.state;
