package dev.passerelle.connector.xmpp.stanza;

import java.util.Objects;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0424 message retraction, {@code <retract xmlns='urn:xmpp:message-retract:1' id='...'/>}: the sender asks
 * that the message with this id (its origin id, or in a group chat the stanza id the room assigned) be removed.
 */
public record RetractElement(String id) implements ExtensionElement {

    public static final String NAMESPACE = "urn:xmpp:message-retract:1";
    public static final String ELEMENT = "retract";

    public RetractElement {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a retraction needs the id of the message it retracts");
        }
    }

    @Override
    public String getNamespace() {
        return NAMESPACE;
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        return new XmlStringBuilder(this, enclosingNamespace).attribute("id", id).closeEmptyElement();
    }
}
