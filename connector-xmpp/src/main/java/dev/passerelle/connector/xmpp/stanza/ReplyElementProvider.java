package dev.passerelle.connector.xmpp.stanza;

import java.io.IOException;
import java.util.Optional;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/** Parses {@link ReplyElement}; a missing id or a {@code to} that is not a JID is a parse error. */
public final class ReplyElementProvider extends ExtensionElementProvider<ReplyElement> {

    @Override
    public ReplyElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, SmackParsingException {
        String id = ParsedElement.requiredAttribute(parser, ReplyElement.ELEMENT, "id");
        String to = parser.getAttributeValue("", "to");
        ParsedElement.skipToEnd(parser, initialDepth);
        Optional<Jid> author = Optional.empty();
        if (to != null) {
            if (to.isEmpty()) {
                throw new SmackParsingException("<reply to=''/>: an empty author; leave 'to' out instead");
            }
            try {
                author = Optional.of(JidCreate.from(to));
            } catch (XmppStringprepException e) {
                throw new SmackParsingException("<reply to='" + to + "'/>: not a JID (" + e.getMessage() + ")");
            }
        }
        return new ReplyElement(author, id);
    }
}
