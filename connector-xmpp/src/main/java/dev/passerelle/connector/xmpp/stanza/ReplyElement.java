package dev.passerelle.connector.xmpp.stanza;

import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;
import org.jxmpp.jid.Jid;

/**
 * XEP-0461 reply, {@code <reply xmlns='urn:xmpp:reply:0' to='author' id='...'/>}: this message answers the message
 * with this id (in a group chat, the stanza id the room assigned). {@code to} is the referenced message's author,
 * which the XEP recommends but does not require.
 */
public record ReplyElement(Optional<Jid> to, String id) implements QualifiedExtension {

    public static final String NAMESPACE = "urn:xmpp:reply:0";
    public static final String ELEMENT = "reply";
    private static final QName QNAME = new QName(NAMESPACE, ELEMENT);

    public ReplyElement {
        Objects.requireNonNull(to, "to");
        RequiredValues.id(id, "a reply needs the id of the message it answers");
    }

    @Override
    public QName getQName() {
        return QNAME;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace);
        xml.optAttribute("to", to.map(Jid::toString).orElse(null));
        return xml.attribute("id", id).closeEmptyElement();
    }
}
