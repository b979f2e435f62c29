/**
 * MLS protocol messages (RFC 9420 sections 6, 10, 12): the MLSMessage envelope, KeyPackages, proposals, Commit,
 * Welcome with GroupSecrets and GroupInfo, and PublicMessage/PrivateMessage protection.
 */
package dev.passerelle.connector.dma.mls.message;
