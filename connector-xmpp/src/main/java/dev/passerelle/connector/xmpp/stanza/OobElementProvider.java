package dev.passerelle.connector.xmpp.stanza;

import java.io.IOException;
import java.util.Optional;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/** Parses {@link OobElement}; a missing or blank {@code <url/>} is a parse error, unknown children are skipped. */
public final class OobElementProvider extends ExtensionElementProvider<OobElement> {

    @Override
    public OobElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, SmackParsingException {
        String url = null;
        String desc = null;
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT) {
                boolean own = parser.getDepth() == initialDepth + 1 && OobElement.NAMESPACE.equals(parser.getNamespace());
                if (own && "url".equals(parser.getName())) {
                    url = parser.nextText().strip();
                } else if (own && "desc".equals(parser.getName())) {
                    desc = parser.nextText();
                } else {
                    ParsedElement.skipToEnd(parser, parser.getDepth());
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("<x xmlns='jabber:x:oob'/> ends before its end tag");
            }
        }
        if (url == null || url.isEmpty()) {
            throw new SmackParsingException("<x xmlns='jabber:x:oob'/> needs a non-empty <url/>");
        }
        return new OobElement(url, Optional.ofNullable(desc).filter(d -> !d.isBlank()));
    }
}
