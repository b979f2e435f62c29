/** The xmpp connector. */
package dev.passerelle.connector.xmpp;
