/**
 * Media from other networks uploaded through the XMPP server's HTTP upload service (XEP-0363), so XMPP users get
 * a URL on their own server; and the IQ request/response correlation the upload's slot requests need.
 */
package dev.passerelle.connector.xmpp.upload;
