package dev.passerelle.connector.xmpp.stanza;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0424 tombstone, {@code <retracted xmlns='urn:xmpp:message-retract:1' id='...' stamp='...'/>}: what an
 * archive (XEP-0313) keeps in place of a retracted message. {@code id} is the retraction's id; {@code stamp} when
 * it happened; {@code by} who retracted it (for example a moderator), when the archive says.
 */
public record RetractedElement(String id, Optional<Instant> stamp, Optional<String> by) implements QualifiedExtension {

    public static final String NAMESPACE = RetractElement.NAMESPACE;
    public static final String ELEMENT = "retracted";
    private static final QName QNAME = new QName(NAMESPACE, ELEMENT);

    public RetractedElement {
        RequiredValues.id(id, "a tombstone needs the id of the retraction");
        Objects.requireNonNull(stamp, "stamp");
        RequiredValues.nonEmptyIfPresent(by, "by");
    }

    @Override
    public QName getQName() {
        return QNAME;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace).attribute("id", id);
        xml.optAttribute("stamp", stamp.map(Instant::toString).orElse(null));
        xml.optAttribute("by", by.orElse(null));
        return xml.closeEmptyElement();
    }
}
