package dev.passerelle.connector.xmpp.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Stanza;

/**
 * Typed access to a stanza's extension elements. An element whose provider is not registered, or that Smack
 * read into another type, arrives as a generic element: that is reported as malformed rather than skipped, so a
 * stanza is never half-understood.
 */
final class Elements {

    private Elements() {}

    /** The first {@code <element xmlns='namespace'/>}, read as {@code type}. */
    static <E extends ExtensionElement> Optional<E> one(Stanza stanza, String element, String namespace,
            Class<E> type) {
        List<E> all = all(stanza, element, namespace, type);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every {@code <element xmlns='namespace'/>}, read as {@code type}, in document order. */
    static <E extends ExtensionElement> List<E> all(Stanza stanza, String element, String namespace, Class<E> type) {
        List<E> found = new ArrayList<>();
        for (ExtensionElement extension : stanza.getExtensions(element, namespace)) {
            if (!type.isInstance(extension)) {
                throw new Rejected(InboundResult.Reason.MALFORMED,
                        "<" + element + " xmlns='" + namespace + "'/> could not be read (its required parts are missing"
                                + " or its reader is not installed)");
            }
            found.add(type.cast(extension));
        }
        return found;
    }
}
