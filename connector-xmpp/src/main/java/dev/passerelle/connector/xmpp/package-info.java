/**
 * The XMPP connector: {@link dev.passerelle.connector.xmpp.XmppConnectorFactory} (type {@code xmpp}) builds an
 * {@link dev.passerelle.connector.xmpp.XmppConnector}, which joins the XMPP server as one external component and
 * wires the packages below it: {@code stream} (the XEP-0114 link), {@code translate} (stanzas to canonical events
 * and back), {@code muc} (portal rooms hosted on the component domain), {@code plumb} (existing MUCs of the server),
 * {@code identity} (disco, vCards, ping and presence subscriptions for the domain and its ghosts, on the store through
 * {@code GhostProfiles}, {@code StoredSubscriptions} and {@code Rosters}) and {@code upload} (attachments on the
 * server's XEP-0363 service, through {@code Uploads}). Inbound stanzas are routed by address in {@code Inbound};
 * deliveries are rendered and sent in {@code Outbound}.
 * docs/connectors/xmpp.md describes the configuration and what crosses.
 */
package dev.passerelle.connector.xmpp;
