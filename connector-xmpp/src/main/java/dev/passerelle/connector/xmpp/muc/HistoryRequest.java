package dev.passerelle.connector.xmpp.muc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smackx.muc.packet.MUCInitialPresence;

/**
 * The {@code <history/>} limits of a join (XEP-0045 7.2.13). Smack has no provider for the join element, so an
 * inbound one arrives as a {@link StandardExtensionElement}; one built in code is a {@link MUCInitialPresence}.
 * Unreadable limits are ignored rather than failing the join.
 */
record HistoryRequest(OptionalInt maxStanzas, OptionalInt maxChars, OptionalInt seconds, Optional<Instant> since) {

    static final HistoryRequest ALL = new HistoryRequest(OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty(), Optional.empty());

    static HistoryRequest of(Presence join) {
        ExtensionElement x = join.getExtension(MUCInitialPresence.QNAME);
        if (x instanceof MUCInitialPresence) {
            MUCInitialPresence.History h = ((MUCInitialPresence) x).getHistory();
            if (h == null) {
                return ALL;
            }
            return new HistoryRequest(limit(h.getMaxStanzas()), limit(h.getMaxChars()), limit(h.getSeconds()),
                    Optional.ofNullable(h.getSince()).map(d -> d.toInstant()));
        }
        if (x instanceof StandardExtensionElement) {
            StandardExtensionElement h = ((StandardExtensionElement) x).getFirstElement("history");
            if (h == null) {
                return ALL;
            }
            return new HistoryRequest(number(h.getAttributeValue("maxstanzas")),
                    number(h.getAttributeValue("maxchars")), number(h.getAttributeValue("seconds")),
                    instant(h.getAttributeValue("since")));
        }
        return ALL;
    }

    private static OptionalInt limit(int value) {
        return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static OptionalInt number(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return limit(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static Optional<Instant> instant(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
