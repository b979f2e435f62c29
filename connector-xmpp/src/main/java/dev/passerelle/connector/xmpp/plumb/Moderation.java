package dev.passerelle.connector.xmpp.plumb;

import dev.passerelle.connector.xmpp.stanza.RetractElement;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smackx.message_fastening.element.FasteningElement;

/**
 * Reads a moderator's retraction (XEP-0425) from a room's message, in both forms servers send: 0.3
 * ({@code <retract id xmlns='urn:xmpp:message-retract:1'><moderated by xmlns='urn:xmpp:message-moderate:1'/>
 * <reason/></retract>}) and 0.2, still sent by ejabberd 23.01 ({@code <apply-to id xmlns='urn:xmpp:fasten:0'>
 * <moderated by xmlns='urn:xmpp:message-moderate:0'><retract xmlns='urn:xmpp:message-retract:0'/><reason/>
 * </moderated></apply-to>}). Only trusted in a message from the room's own bare JID.
 */
record Moderation(String target, Optional<String> moderator, Optional<String> reason) {
    private static final QName RETRACT_1 = new QName(RetractElement.NAMESPACE, RetractElement.ELEMENT);
    private static final QName APPLY_TO = new QName("urn:xmpp:fasten:0", "apply-to");
    private static final String MODERATE_1 = "urn:xmpp:message-moderate:1";
    private static final String MODERATE_0 = "urn:xmpp:message-moderate:0";

    static Optional<Moderation> from(Message message) {
        ExtensionElement retract = message.getExtension(RETRACT_1);
        if (retract instanceof RetractElement r) {
            // The stanza package's provider keeps only the id; coming from the room itself it is a moderation.
            return Optional.of(new Moderation(r.id(), Optional.empty(), Optional.empty()));
        }
        if (retract instanceof StandardExtensionElement e) {
            String id = e.getAttributeValue("id");
            if (id == null || id.isEmpty()) {
                return Optional.empty();
            }
            StandardExtensionElement moderated = e.getFirstElement("moderated", MODERATE_1);
            return Optional.of(new Moderation(id,
                    moderated == null ? Optional.empty() : nonEmpty(moderated.getAttributeValue("by")),
                    text(e.getFirstElement("reason"))));
        }
        ExtensionElement applyTo = message.getExtension(APPLY_TO);
        String id = null;
        StandardExtensionElement moderated = null;
        if (applyTo instanceof FasteningElement f) {
            // smack-experimental parses XEP-0422 fastenings itself; the payload stays a standard element.
            id = f.getReferencedStanzasOriginId() == null ? null : f.getReferencedStanzasOriginId().getId();
            for (ExtensionElement payload : f.getWrappedPayloads()) {
                if (payload instanceof StandardExtensionElement p && p.getElementName().equals("moderated")
                        && MODERATE_0.equals(p.getNamespace())) {
                    moderated = p;
                }
            }
        } else if (applyTo instanceof StandardExtensionElement e) {
            id = e.getAttributeValue("id");
            moderated = e.getFirstElement("moderated", MODERATE_0);
        }
        if (applyTo != null) {
            if (id == null || id.isEmpty() || moderated == null
                    || moderated.getFirstElement("retract", "urn:xmpp:message-retract:0") == null) {
                return Optional.empty();
            }
            return Optional.of(new Moderation(id, nonEmpty(moderated.getAttributeValue("by")),
                    text(moderated.getFirstElement("reason"))));
        }
        return Optional.empty();
    }

    private static Optional<String> text(StandardExtensionElement e) {
        return e == null ? Optional.empty() : nonEmpty(e.getText());
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
