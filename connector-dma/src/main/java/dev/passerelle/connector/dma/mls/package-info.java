/**
 * Messaging Layer Security (RFC 9420) for cipher suite 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519), built on
 * Bouncy Castle and JDK primitives, with no dependency on the rest of the gateway.
 */
package dev.passerelle.connector.dma.mls;
