/**
 * MLS protocol messages (RFC 9420 sections 6, 10, 12): the MLSMessage envelope, KeyPackages, Add/Update/Remove
 * proposals, Welcome with GroupSecrets and GroupInfo.
 */
package dev.passerelle.connector.dma.mls.message;
