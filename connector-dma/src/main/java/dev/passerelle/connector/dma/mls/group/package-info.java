/**
 * Group-level structures shared by the key schedule and the protocol messages: the GroupContext and extensions,
 * where extension types Passerelle does not know are carried as opaque data, not refused.
 */
package dev.passerelle.connector.dma.mls.group;
