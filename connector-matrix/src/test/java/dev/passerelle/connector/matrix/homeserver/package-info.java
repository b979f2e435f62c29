/**
 * A stub Matrix homeserver for tests, and the validator that checks every request against the spec's OpenAPI
 * definitions.
 */
package dev.passerelle.connector.matrix.homeserver;
