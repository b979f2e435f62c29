/** Interoperability of Passerelle's MLS with ts-mls, an independent implementation run as a Node process. */
package dev.passerelle.connector.dma.mls.interop;
