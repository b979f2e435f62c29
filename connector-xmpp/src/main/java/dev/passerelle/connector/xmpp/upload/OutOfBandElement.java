package dev.passerelle.connector.xmpp.upload;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0066 out-of-band data in a message, {@code <x xmlns='jabber:x:oob'><url>...</url><desc>...</desc></x>}: how
 * an attachment reaches XMPP clients, by the URL from {@link HttpUploader} or the media service's signed URL.
 * Clients show the file inline when the message body is exactly the same URL.
 */
public record OutOfBandElement(URI url, Optional<String> description) implements ExtensionElement {

    public static final String NAMESPACE = "jabber:x:oob";
    public static final String ELEMENT = "x";

    public OutOfBandElement {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(description, "description");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            // Anything else (file:, javascript:, data:) is not something a client should fetch for a user.
            throw new IllegalArgumentException("an out-of-band URL must be absolute http or https, was " + url);
        }
        description = description.filter(d -> !d.isBlank());
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
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace).rightAngleBracket();
        xml.element("url", url.toASCIIString());
        description.ifPresent(d -> xml.element("desc", d));
        return xml.closeElement(this);
    }
}
