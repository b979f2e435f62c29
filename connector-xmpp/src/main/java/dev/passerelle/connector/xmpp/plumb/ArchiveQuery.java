package dev.passerelle.connector.xmpp.plumb;

import org.jivesoftware.smack.packet.IQ;

/**
 * A XEP-0313 query of a room's archive for the page after {@code after} (RSM), tagged with {@code queryid} so
 * that the result messages can be told from any other query's.
 */
final class ArchiveQuery extends IQ {
    static final String NAMESPACE = "urn:xmpp:mam:2";
    private static final String RSM = "http://jabber.org/protocol/rsm";

    private final String queryId;
    private final String after;
    private final int max;

    ArchiveQuery(String queryId, String after, int max) {
        super("query", NAMESPACE);
        this.queryId = queryId;
        this.after = after;
        this.max = max;
        setType(Type.set);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.attribute("queryid", queryId);
        xml.rightAngleBracket();
        xml.halfOpenElement("x").xmlnsAttribute("jabber:x:data").attribute("type", "submit").rightAngleBracket();
        xml.halfOpenElement("field").attribute("var", "FORM_TYPE").attribute("type", "hidden").rightAngleBracket();
        xml.element("value", NAMESPACE);
        xml.closeElement("field");
        xml.closeElement("x");
        xml.halfOpenElement("set").xmlnsAttribute(RSM).rightAngleBracket();
        xml.element("max", Integer.toString(max));
        xml.optElement("after", after);
        xml.closeElement("set");
        return xml;
    }
}
