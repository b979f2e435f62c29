package dev.passerelle.connector.xmpp.stanza;

import dev.passerelle.connector.xmpp.stanza.FallbackElement.Region;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Parses {@link FallbackElement}. A region with only one of start and end, start after end, or a position that is
 * not an unsigned number is a parse error; unknown children are ignored.
 */
public final class FallbackElementProvider extends ExtensionElementProvider<FallbackElement> {

    @Override
    public FallbackElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, SmackParsingException {
        String forNamespace = parser.getAttributeValue("", "for");
        List<Region> subjects = new ArrayList<>();
        List<Region> bodies = new ArrayList<>();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT) {
                String name = parser.getName();
                boolean ours = parser.getDepth() == initialDepth + 1
                        && FallbackElement.NAMESPACE.equals(parser.getNamespace());
                if (ours && name.equals("subject")) {
                    subjects.add(region(parser, name));
                } else if (ours && name.equals("body")) {
                    bodies.add(region(parser, name));
                }
                ParsedElement.skipToEnd(parser, parser.getDepth());
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("<fallback/> ends before its end tag");
            }
        }
        try {
            return new FallbackElement(Optional.ofNullable(forNamespace), subjects, bodies);
        } catch (IllegalArgumentException e) {
            throw ParsedElement.invalid(FallbackElement.ELEMENT, e);
        }
    }

    private static Region region(XmlPullParser parser, String element) throws SmackParsingException {
        long start = ParsedElement.unsignedAttribute(parser, element, "start");
        long end = ParsedElement.unsignedAttribute(parser, element, "end");
        try {
            return new Region(start < 0 ? Optional.empty() : Optional.of(start),
                    end < 0 ? Optional.empty() : Optional.of(end));
        } catch (IllegalArgumentException e) {
            throw ParsedElement.invalid(element, e);
        }
    }
}
