package dev.passerelle.connector.xmpp.stanza;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0444 reactions, {@code <reactions xmlns='urn:xmpp:reactions:0' id='...'><reaction>👍</reaction></reactions>}:
 * the sender's complete current set of reactions to the message with this id. An empty set removes all of them.
 */
public record ReactionsElement(String id, List<String> reactions) implements QualifiedExtension {

    public static final String NAMESPACE = "urn:xmpp:reactions:0";
    public static final String ELEMENT = "reactions";
    private static final QName QNAME = new QName(NAMESPACE, ELEMENT);
    public static final String REACTION = "reaction";

    public ReactionsElement {
        RequiredValues.id(id, "reactions need the id of the message they react to");
        reactions = List.copyOf(reactions);
        Set<String> seen = new HashSet<>();
        for (String reaction : reactions) {
            if (reaction.isEmpty()) {
                throw new IllegalArgumentException(
                        "a reaction is empty; an empty set of reactions removes them all instead");
            }
            // XEP-0444: a <reactions/> element MUST NOT hold the same reaction twice.
            if (!seen.add(reaction)) {
                throw new IllegalArgumentException("the reaction '" + reaction + "' appears twice");
            }
        }
    }

    /** All reactions of the sender to message {@code id} withdrawn. */
    public static ReactionsElement removeAll(String id) {
        return new ReactionsElement(id, List.of());
    }

    @Override
    public QName getQName() {
        return QNAME;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace).attribute("id", id);
        if (reactions.isEmpty()) {
            return xml.closeEmptyElement();
        }
        xml.rightAngleBracket();
        for (String reaction : reactions) {
            xml.element(REACTION, reaction);
        }
        return xml.closeElement(this);
    }
}
