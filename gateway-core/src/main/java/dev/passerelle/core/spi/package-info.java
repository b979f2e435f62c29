/**
 * The connector SPI: what a network connector implements ({@link dev.passerelle.core.spi.Connector}) and
 * what the core gives it ({@link dev.passerelle.core.spi.ConnectorContext}). Each method says which
 * thread calls it.
 */
package dev.passerelle.core.spi;
