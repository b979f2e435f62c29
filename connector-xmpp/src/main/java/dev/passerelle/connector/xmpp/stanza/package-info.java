/**
 * XMPP extension elements that Smack 4.4.8 lacks or has only in outdated namespaces, in Smack's element/provider
 * style: message retraction (XEP-0424, {@code urn:xmpp:message-retract:1}), reactions (XEP-0444), replies
 * (XEP-0461) and compatibility fallback with its regions (XEP-0428). {@link
 * dev.passerelle.connector.xmpp.stanza.Extensions#register()} installs their providers in Smack's
 * ProviderManager.
 */
package dev.passerelle.connector.xmpp.stanza;
