/**
 * The MIMI provider (draft-ietf-mimi-protocol-06): the hub for rooms that originate behind this gateway, the
 * follower for rooms hosted elsewhere, and the endpoints peers call. {@link dev.passerelle.connector.dma.provider.Hub}
 * accepts messages and room changes and fans them out through a durable per-room log that
 * {@link dev.passerelle.connector.dma.provider.FanoutWorker} drains per follower; {@link
 * dev.passerelle.connector.dma.provider.Follower} takes the hub's notify calls once each and sends our users'
 * messages to the hub; {@link dev.passerelle.connector.dma.provider.ProviderEndpoints} binds every endpoint to the
 * transport. State lives in a {@link dev.passerelle.connector.dma.provider.ProviderStore} (key/value bytes), so a
 * restart loses nothing that was acknowledged.
 */
package dev.passerelle.connector.dma.provider;
