package dev.passerelle.connector.xmpp.stanza;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Parses {@link ReactionsElement}. A missing id, an empty or repeated reaction are parse errors; no reaction at all
 * is valid (it removes every reaction). Children other than {@code <reaction/>} are ignored, as XMPP extensibility
 * requires.
 */
public final class ReactionsElementProvider extends ExtensionElementProvider<ReactionsElement> {

    @Override
    public ReactionsElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, SmackParsingException {
        String id = ParsedElement.requiredAttribute(parser, ReactionsElement.ELEMENT, "id");
        List<String> reactions = new ArrayList<>();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT) {
                if (parser.getDepth() == initialDepth + 1
                        && ReactionsElement.REACTION.equals(parser.getName())
                        && ReactionsElement.NAMESPACE.equals(parser.getNamespace())) {
                    reactions.add(parser.nextText());
                } else {
                    ParsedElement.skipToEnd(parser, parser.getDepth());
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("<reactions/> ends before its end tag");
            }
        }
        try {
            return new ReactionsElement(id, reactions);
        } catch (IllegalArgumentException e) {
            throw ParsedElement.invalid(ReactionsElement.ELEMENT, e);
        }
    }
}
