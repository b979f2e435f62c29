/**
 * The RFC 9420 key schedule (section 8), the secret tree with its per-sender hash ratchets (section 9) and the
 * transcript hashes (section 8.2).
 */
package dev.passerelle.connector.dma.mls.schedule;
