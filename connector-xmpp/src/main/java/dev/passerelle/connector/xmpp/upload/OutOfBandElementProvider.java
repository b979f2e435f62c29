package dev.passerelle.connector.xmpp.upload;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Parses {@link OutOfBandElement}; a missing, unparsable or non-http(s) URL is a parse error. Register it with
 * {@code ProviderManager.addExtensionProvider(OutOfBandElement.ELEMENT, OutOfBandElement.NAMESPACE, new ...)}.
 */
public final class OutOfBandElementProvider extends ExtensionElementProvider<OutOfBandElement> {

    @Override
    public OutOfBandElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, SmackParsingException {
        String url = null;
        String desc = null;
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT) {
                String name = parser.getName();
                if (name.equals("url") && url == null) {
                    url = parser.nextText().trim();
                } else if (name.equals("desc") && desc == null) {
                    desc = parser.nextText();
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("out-of-band data ended before </x>");
            }
        }
        if (url == null || url.isEmpty()) {
            throw new SmackParsingException("out-of-band data without a <url/>");
        }
        try {
            return new OutOfBandElement(new URI(url), Optional.ofNullable(desc));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new SmackParsingException("out-of-band data with an unusable URL: " + e.getMessage());
        }
    }
}
