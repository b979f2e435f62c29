package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.connector.xmpp.stanza.Extensions;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.util.PacketParserUtils;

/** Parses stanza text with Smack, this connector's providers installed, as the stream layer does. */
final class Stanzas {


    private Stanzas() {}

    static Message message(String xml) {
        return (Message) parse(xml);
    }

    static Presence presence(String xml) {
        return (Presence) parse(xml);
    }

    /** Parses a stanza; one written without a namespace (as the XEPs print them) is read as jabber:client. */
    static Stanza parse(String xml) {
        Extensions.register();
        String text = xml.strip();
        int nameEnd = 1;
        while (nameEnd < text.length() && Character.isLetter(text.charAt(nameEnd))) {
            nameEnd++;
        }
        int tagEnd = text.indexOf('>');
        if (!text.substring(0, tagEnd).contains("xmlns=")) {
            text = text.substring(0, nameEnd) + " xmlns='jabber:client'" + text.substring(nameEnd);
        }
        try {
            return PacketParserUtils.parseStanza(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse " + xml, e);
        }
    }
}
