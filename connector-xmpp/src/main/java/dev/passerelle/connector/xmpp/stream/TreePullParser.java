package dev.passerelle.connector.xmpp.stream;

import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Smack's pull-parser interface over an already parsed {@link XmlElement}, so Smack's providers read stanzas
 * without a second parse and without an XML parser implementation on the runtime class path. Elements in the
 * component namespace are reported in {@code jabber:client}, the namespace Smack's stanza providers know.
 */
final class TreePullParser implements XmlPullParser {
    static final String CLIENT_NS = "jabber:client";

    /** One step of the walk over the tree. */
    private record Step(Event event, XmlElement element, String text, int depth, String parentNamespace) {
    }

    private final List<Step> steps = new ArrayList<>();
    private int position;

    /** A parser positioned on the start tag of {@code root}, as Smack's stanza parsers expect. */
    TreePullParser(XmlElement root) {
        steps.add(new Step(Event.START_DOCUMENT, null, null, 0, ""));
        walk(root, 1, "");
        steps.add(new Step(Event.END_DOCUMENT, null, null, 0, ""));
        position = 1;
    }

    private void walk(XmlElement e, int depth, String parentNamespace) {
        steps.add(new Step(Event.START_ELEMENT, e, null, depth, parentNamespace));
        for (XmlNode n : e.children()) {
            if (n instanceof XmlElement c) {
                walk(c, depth + 1, e.namespace());
            } else {
                steps.add(new Step(Event.TEXT_CHARACTERS, e, ((XmlNode.Text) n).text(), depth, parentNamespace));
            }
        }
        steps.add(new Step(Event.END_ELEMENT, e, null, depth, parentNamespace));
    }

    private Step step() {
        return steps.get(position);
    }

    private static String visible(String namespace) {
        return StanzaParser.COMPONENT_NS.equals(namespace) ? CLIENT_NS : namespace;
    }

    private XmlElement.Attribute attribute(int index) {
        Step s = step();
        if (s.event != Event.START_ELEMENT) {
            throw new IndexOutOfBoundsException("not on a start tag");
        }
        return s.element.attributes().get(index);
    }

    @Override
    public Object getProperty(String name) {
        return null;
    }

    @Override
    public String getInputEncoding() {
        return "UTF-8";
    }

    @Override
    public int getNamespaceCount() {
        Step s = step();
        return s.element != null && !s.element.namespace().equals(s.parentNamespace) ? 1 : 0;
    }

    @Override
    public String getNamespacePrefix(int pos) {
        return null;
    }

    @Override
    public String getNamespaceUri(int pos) {
        return visible(step().element.namespace());
    }

    @Override
    public String getNamespace(String prefix) {
        Step s = step();
        if (prefix == null || prefix.isEmpty()) {
            return s.element == null ? null : visible(s.element.namespace());
        }
        if (prefix.equals("xml")) {
            return XmlElement.XML_NS;
        }
        if (s.element != null) {
            for (XmlElement.Attribute a : s.element.attributes()) {
                if (a.prefix().equals(prefix)) {
                    return a.namespace();
                }
            }
        }
        return null;
    }

    @Override
    public int getDepth() {
        return step().depth;
    }

    @Override
    public String getPositionDescription() {
        Step s = step();
        return s.event + (s.element == null ? "" : " <" + s.element.name() + ">") + " (step " + position + ")";
    }

    @Override
    public int getLineNumber() {
        return -1;
    }

    @Override
    public int getColumnNumber() {
        return -1;
    }

    @Override
    public boolean isWhiteSpace() {
        String t = step().text;
        return t != null && t.isBlank();
    }

    @Override
    public String getText() {
        return step().text;
    }

    @Override
    public String getNamespace() {
        Step s = step();
        return s.element == null || s.event == Event.TEXT_CHARACTERS ? null : visible(s.element.namespace());
    }

    @Override
    public String getName() {
        Step s = step();
        return s.element == null || s.event == Event.TEXT_CHARACTERS ? null : s.element.name();
    }

    @Override
    public QName getQName() {
        String name = getName();
        return name == null ? null : new QName(getNamespace(), name);
    }

    @Override
    public String getPrefix() {
        return null;
    }

    @Override
    public int getAttributeCount() {
        Step s = step();
        return s.event == Event.START_ELEMENT ? s.element.attributes().size() : -1;
    }

    @Override
    public String getAttributeNamespace(int index) {
        return attribute(index).namespace();
    }

    @Override
    public String getAttributeName(int index) {
        return attribute(index).name();
    }

    @Override
    public QName getAttributeQName(int index) {
        XmlElement.Attribute a = attribute(index);
        return new QName(a.namespace(), a.name(), a.prefix());
    }

    @Override
    public String getAttributePrefix(int index) {
        String p = attribute(index).prefix();
        return p.isEmpty() ? null : p;
    }

    @Override
    public String getAttributeType(int index) {
        return "CDATA";
    }

    @Override
    public String getAttributeValue(int index) {
        return attribute(index).value();
    }

    @Override
    public String getAttributeValue(String namespace, String name) {
        Step s = step();
        if (s.event != Event.START_ELEMENT) {
            return null;
        }
        for (XmlElement.Attribute a : s.element.attributes()) {
            boolean nsMatches = namespace == null || a.namespace().equals(namespace);
            if (nsMatches && a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    @Override
    public Event getEventType() {
        return step().event;
    }

    @Override
    public Event next() throws XmlPullParserException {
        if (step().event == Event.END_DOCUMENT) {
            throw new XmlPullParserException("already at the end of the document");
        }
        position++;
        return step().event;
    }

    @Override
    public String nextText() throws XmlPullParserException {
        if (step().event != Event.START_ELEMENT) {
            throw new XmlPullParserException("nextText() needs a start tag, at " + getPositionDescription());
        }
        StringBuilder sb = new StringBuilder();
        while (next() == Event.TEXT_CHARACTERS) {
            sb.append(step().text);
        }
        if (step().event != Event.END_ELEMENT) {
            throw new XmlPullParserException("element with mixed content where text was expected, at "
                    + getPositionDescription());
        }
        return sb.toString();
    }

    @Override
    public TagEvent nextTag() throws XmlPullParserException {
        Event e = next();
        while (e == Event.TEXT_CHARACTERS && isWhiteSpace()) {
            e = next();
        }
        if (e == Event.START_ELEMENT) {
            return TagEvent.START_ELEMENT;
        }
        if (e == Event.END_ELEMENT) {
            return TagEvent.END_ELEMENT;
        }
        throw new XmlPullParserException("expected a tag, got " + e + " at " + getPositionDescription());
    }

    @Override
    public boolean supportsRoundtrip() {
        return false;
    }
}
