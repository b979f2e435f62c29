package dev.passerelle.connector.xmpp.identity;

import java.util.Optional;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0153's {@code <x xmlns='vcard-temp:x:update'><photo>hash</photo></x>} in presence: the hash of the
 * current avatar, or an empty photo for "no avatar", so clients refetch the vCard only when the hash changes.
 */
final class PhotoUpdate implements ExtensionElement {
    static final String NAMESPACE = "vcard-temp:x:update";
    static final String ELEMENT = "x";

    private final Optional<String> hash;

    PhotoUpdate(Optional<String> hash) {
        this.hash = PresenceInfo.requireHash(hash);
    }

    Optional<String> hash() {
        return hash;
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
    public XmlStringBuilder toXML(XmlEnvironment enclosing) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosing);
        xml.rightAngleBracket();
        if (hash.isPresent()) {
            xml.element("photo", hash.get());
        } else {
            xml.emptyElement("photo");
        }
        return xml.closeElement(this);
    }
}
