/**
 * How the gateway's ghosts look to XMPP users: service discovery (XEP-0030) for the component domain and its
 * ghosts, vCard-temp (XEP-0054) with avatar hashes in presence (XEP-0153), ping (XEP-0199), presence
 * subscriptions (RFC 6121) with coalesced, rate-limited presence fan-out, and a chat-state limiter.
 */
package dev.passerelle.connector.xmpp.identity;
