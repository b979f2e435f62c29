package dev.passerelle.connector.xmpp.stanza;

import java.io.IOException;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/** Parses {@link RetractElement}; a missing or empty id is a parse error. */
public final class RetractElementProvider extends ExtensionElementProvider<RetractElement> {

    @Override
    public RetractElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, SmackParsingException {
        String id = ParsedElement.requiredAttribute(parser, RetractElement.ELEMENT, "id");
        ParsedElement.skipToEnd(parser, initialDepth);
        return new RetractElement(id);
    }
}
