package dev.passerelle.connector.xmpp.stanza;

import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0066 out-of-band data in a message, {@code <x xmlns='jabber:x:oob'><url>...</url><desc>...</desc></x>}: a file
 * the recipient fetches from {@code url}. Clients show it inline when the message body is the same URL.
 */
public record OobElement(String url, Optional<String> desc) implements QualifiedExtension {

    public static final String NAMESPACE = "jabber:x:oob";
    public static final String ELEMENT = "x";
    private static final QName QNAME = new QName(NAMESPACE, ELEMENT);

    public OobElement {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(desc, "desc");
        if (url.isBlank()) {
            throw new IllegalArgumentException("out-of-band data needs a URL");
        }
    }

    /** A URL without description. */
    public static OobElement of(String url) {
        return new OobElement(url, Optional.empty());
    }

    @Override
    public QName getQName() {
        return QNAME;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace).rightAngleBracket();
        xml.element("url", url);
        xml.optElement("desc", desc.orElse(null));
        return xml.closeElement(this);
    }
}
