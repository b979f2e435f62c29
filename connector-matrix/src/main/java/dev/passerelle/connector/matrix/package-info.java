/**
 * The Matrix connector: {@link dev.passerelle.connector.matrix.MatrixConnectorFactory} (type {@code matrix},
 * found through ServiceLoader) reads {@link dev.passerelle.connector.matrix.MatrixSettings} and builds the
 * {@link dev.passerelle.connector.matrix.MatrixConnector}, which wires the appservice server, the client, the
 * translation, the bot and the rooms logic together. Inbound: screening and translation of transactions;
 * outbound: rendering deliveries into Client-Server calls with deterministic transaction ids.
 */
package dev.passerelle.connector.matrix;
