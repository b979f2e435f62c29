/** A certificate authority made when the tests run, issuing the certificates of the mutual-TLS tests. */
package dev.passerelle.connector.dma.testca;
