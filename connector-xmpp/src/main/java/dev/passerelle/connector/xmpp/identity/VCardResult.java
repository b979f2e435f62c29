package dev.passerelle.connector.xmpp.identity;

import java.util.Base64;
import java.util.Optional;
import org.jivesoftware.smack.packet.IQ;

/**
 * A vCard-temp (XEP-0054) result for a ghost. Written here rather than with Smack's VCard so the children come
 * in the order of the XEP's DTD (VERSION, FN, N, NICKNAME, PHOTO), which some clients' parsers rely on.
 */
final class VCardResult extends IQ {
    static final String NAMESPACE = "vcard-temp";
    static final String ELEMENT = "vCard";

    private final String displayName;
    private final Optional<Avatar> avatar;

    VCardResult(IQ request, String displayName, Optional<Avatar> avatar) {
        super(ELEMENT, NAMESPACE);
        this.displayName = displayName;
        this.avatar = avatar;
        setType(Type.result);
        setStanzaId(request.getStanzaId());
        setTo(request.getFrom());
        setFrom(request.getTo());
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.rightAngleBracket();
        xml.element("VERSION", "2.0");
        xml.element("FN", displayName);
        xml.emptyElement("N");
        xml.element("NICKNAME", displayName);
        if (avatar.isPresent()) {
            xml.openElement("PHOTO");
            xml.element("TYPE", avatar.get().mediaType());
            xml.element("BINVAL", Base64.getEncoder().encodeToString(avatar.get().bytes()));
            xml.closeElement("PHOTO");
        }
        return xml;
    }
}
