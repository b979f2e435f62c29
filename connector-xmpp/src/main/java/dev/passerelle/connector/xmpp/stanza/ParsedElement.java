package dev.passerelle.connector.xmpp.stanza;

import java.io.IOException;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.parsing.SmackParsingException.RequiredAttributeMissingException;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/** What the providers share: reading attributes of the element under the parser, and skipping to its end. */
final class ParsedElement {

    private ParsedElement() {}

    /** The attribute's value; a parse error naming the element and attribute when it is absent or empty. */
    static String requiredAttribute(XmlPullParser parser, String element, String attribute)
            throws RequiredAttributeMissingException {
        String value = parser.getAttributeValue("", attribute);
        if (value == null || value.isEmpty()) {
            throw new RequiredAttributeMissingException(
                    "<" + element + "/> needs a non-empty '" + attribute + "' attribute");
        }
        return value;
    }

    /** A non-negative integer attribute, or -1 when absent; a parse error when it is not a number. */
    static long unsignedAttribute(XmlPullParser parser, String element, String attribute) throws SmackParsingException {
        String value = parser.getAttributeValue("", attribute);
        if (value == null) {
            return -1;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number < 0 || number > 0xFFFF_FFFFL) {
                throw new SmackParsingException(
                        "<" + element + " " + attribute + "='" + value + "'/>: not an unsigned 32-bit integer");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new SmackParsingException("<" + element + " " + attribute + "='" + value + "'/>: not a number");
        }
    }

    /** Moves the parser to the end tag of the element that started at {@code depth}. */
    static void skipToEnd(XmlPullParser parser, int depth) throws XmlPullParserException, IOException {
        while (!(parser.getEventType() == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == depth)) {
            parser.next();
        }
    }

    /** An {@link IllegalArgumentException} from a record's validation, as a parse error. */
    static SmackParsingException invalid(String element, IllegalArgumentException e) {
        return new SmackParsingException("invalid <" + element + "/>: " + e.getMessage());
    }
}
