/**
 * The XEP-0114 component link: settings, the non-blocking stream parser with its limits (size, depth, no DTDs
 * or entities), the conversion of stanzas to Smack's classes, and the connection that authenticates,
 * confirms deliveries with pings and reconnects with backoff.
 */
package dev.passerelle.connector.xmpp.stream;
