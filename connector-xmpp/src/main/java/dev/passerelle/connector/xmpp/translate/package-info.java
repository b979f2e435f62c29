/**
 * Pure translation between Smack message and presence stanzas and the core's canonical events, both ways:
 * {@link dev.passerelle.connector.xmpp.translate.XmppToCanonical} reads what XMPP users send,
 * {@link dev.passerelle.connector.xmpp.translate.CanonicalToXmpp} renders what the gateway sends to them. Message ids
 * and reaction state come from the caller through {@link dev.passerelle.connector.xmpp.translate.StanzaRefs}; nothing
 * here does I/O of its own. What each direction keeps and loses is written in docs/connectors/xmpp.md.
 */
package dev.passerelle.connector.xmpp.translate;
