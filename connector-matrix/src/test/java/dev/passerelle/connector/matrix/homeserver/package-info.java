/**
 * A stub Matrix homeserver for tests, and the validator that checks every request against the spec's OpenAPI
 * definitions. {@link dev.passerelle.connector.matrix.homeserver.StubHomeserverMain} also runs it as a program
 * for people trying the gateway on one machine ({@code scripts/matrix-stub}, docs/deploy.md).
 */
package dev.passerelle.connector.matrix.homeserver;
