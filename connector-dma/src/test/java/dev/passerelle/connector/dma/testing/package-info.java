/** Fixtures shared by connector-dma's tests. */
package dev.passerelle.connector.dma.testing;
