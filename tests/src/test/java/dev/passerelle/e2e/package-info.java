/**
 * End-to-end tests: the distribution jar started as separate processes with config files, as an operator runs it,
 * between real XMPP servers, the Matrix homeserver stub and a second instance across MIMI.
 */
package dev.passerelle.e2e;
