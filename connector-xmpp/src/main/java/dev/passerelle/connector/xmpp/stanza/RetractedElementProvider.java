package dev.passerelle.connector.xmpp.stanza;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/** Parses {@link RetractedElement}; a missing id or a stamp that is not an XML date-time is a parse error. */
public final class RetractedElementProvider extends ExtensionElementProvider<RetractedElement> {

    @Override
    public RetractedElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, SmackParsingException {
        String id = ParsedElement.requiredAttribute(parser, RetractedElement.ELEMENT, "id");
        String stamp = parser.getAttributeValue("", "stamp");
        String by = parser.getAttributeValue("", "by");
        ParsedElement.skipToEnd(parser, initialDepth);
        try {
            return new RetractedElement(id, Optional.ofNullable(stamp).map(RetractedElementProvider::instant),
                    Optional.ofNullable(by));
        } catch (DateTimeParseException e) {
            throw new SmackParsingException("<retracted stamp='" + stamp + "'/>: not a date-time with a time zone ("
                    + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw ParsedElement.invalid(RetractedElement.ELEMENT, e);
        }
    }

    // XEP-0082 date-times carry an offset (usually Z); the archive may use any offset.
    private static Instant instant(String stamp) {
        return OffsetDateTime.parse(stamp.trim()).toInstant();
    }
}
