/**
 * Cipher suite 1 primitives (SHA-256, HKDF, HMAC, AES-128-GCM, Ed25519, HPKE with DHKEM(X25519)) and the labelled
 * functions RFC 9420 section 5 builds on them: RefHash, ExpandWithLabel, DeriveSecret, DeriveTreeSecret,
 * SignWithLabel, EncryptWithLabel.
 */
package dev.passerelle.connector.dma.mls.crypto;
