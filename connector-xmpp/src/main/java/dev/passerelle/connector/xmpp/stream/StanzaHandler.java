package dev.passerelle.connector.xmpp.stream;

import org.jivesoftware.smack.packet.Stanza;

/**
 * What the component connection hands up: inbound stanzas in Smack's classes and changes of the link. Every
 * method is called on the connection's event loop and must not block; an exception thrown from
 * {@link #stanza} is answered to the stanza's sender with {@code internal-server-error}.
 */
public interface StanzaHandler {

    /** A message, presence or iq from the server (pings to the component domain are answered below this). */
    void stanza(Stanza stanza);

    /** The component is authenticated on a new stream; unconfirmed outbound stanzas have been written again. */
    void connected();

    /** An authenticated stream ended; the connection reconnects by itself. */
    void disconnected(String reason);

    /** An inbound stanza could not be read and was answered with {@code bad-request}. */
    default void rejected(String stanzaXml, String reason) {
    }
}
