package dev.passerelle.connector.xmpp.stanza;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0424 tombstone, {@code <retracted xmlns='urn:xmpp:message-retract:1' id='...' stamp='...'/>}: what an
 * archive (XEP-0313) keeps in place of a retracted message. {@code id} is the retraction's id; {@code stamp} when
 * it happened; {@code by} who retracted it (for example a moderator), when the archive says.
 */
public record RetractedElement(String id, Optional<Instant> stamp, Optional<String> by) implements ExtensionElement {

    public static final String NAMESPACE = RetractElement.NAMESPACE;
    public static final String ELEMENT = "retracted";

    public RetractedElement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(by, "by");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a tombstone needs the id of the retraction");
        }
        if (by.isPresent() && by.get().isEmpty()) {
            throw new IllegalArgumentException("'by' is empty; leave it out instead");
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
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace).attribute("id", id);
        xml.optAttribute("stamp", stamp.map(Instant::toString).orElse(null));
        xml.optAttribute("by", by.orElse(null));
        return xml.closeEmptyElement();
    }
}
