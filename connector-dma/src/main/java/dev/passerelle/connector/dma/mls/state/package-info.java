/**
 * A member's view of a group across epochs: the client identity and its KeyPackages, creating a group, joining
 * from a Welcome, making and following commits (proposals by value and by reference, UpdatePaths, transcript
 * hashes, key schedule, confirmation), application messages, and the versioned durable form of all of it.
 */
package dev.passerelle.connector.dma.mls.state;
