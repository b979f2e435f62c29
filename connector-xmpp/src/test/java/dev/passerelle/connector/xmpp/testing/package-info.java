/**
 * Test support shared by every package of the XMPP connector's tests: {@link
 * dev.passerelle.connector.xmpp.testing.StanzaSchemas}, the offline validator of the stanzas the connector emits.
 */
package dev.passerelle.connector.xmpp.testing;
