/**
 * A small typed client for the Matrix Client-Server API as an application service: ghost registration,
 * acting as a ghost ({@code ?user_id=}), rooms, membership, events, profiles, ephemeral updates and media.
 * Every call runs on OkHttp's dispatcher and completes a Vert.x future on the caller's context, so no event
 * loop ever waits for the homeserver. Failures are {@link dev.passerelle.core.spi.GatewayException}s whose
 * reason tells the router to retry or give up; {@link dev.passerelle.connector.matrix.client.MatrixApiException}
 * carries the homeserver's status and errcode. Entry points: {@link dev.passerelle.connector.matrix.client.MatrixClient}
 * and {@link dev.passerelle.connector.matrix.client.MatrixMediaFetcher}.
 */
package dev.passerelle.connector.matrix.client;
