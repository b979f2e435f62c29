package dev.passerelle.connector.xmpp.stanza;

import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0424 message retraction, {@code <retract xmlns='urn:xmpp:message-retract:1' id='...'/>}: the sender asks
 * that the message with this id (its origin id, or in a group chat the stanza id the room assigned) be removed.
 */
public record RetractElement(String id) implements QualifiedExtension {

    public static final String NAMESPACE = "urn:xmpp:message-retract:1";
    public static final String ELEMENT = "retract";
    private static final QName QNAME = new QName(NAMESPACE, ELEMENT);

    public RetractElement {
        RequiredValues.id(id, "a retraction needs the id of the message it retracts");
    }

    @Override
    public QName getQName() {
        return QNAME;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        return new XmlStringBuilder(this, enclosingNamespace).attribute("id", id).closeEmptyElement();
    }
}
