package dev.passerelle.connector.xmpp.stanza;

import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.ExtensionElement;

/**
 * An extension element whose name and namespace come from one qualified name, so each element states them once (as
 * its {@code ELEMENT} and {@code NAMESPACE} constants) instead of answering Smack's two getters itself.
 */
interface QualifiedExtension extends ExtensionElement {

    @Override
    QName getQName();

    @Override
    default String getNamespace() {
        return getQName().getNamespaceURI();
    }

    @Override
    default String getElementName() {
        return getQName().getLocalPart();
    }
}
