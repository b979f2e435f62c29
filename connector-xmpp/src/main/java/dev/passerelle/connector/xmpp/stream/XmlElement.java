package dev.passerelle.connector.xmpp.stream;

import java.util.List;
import java.util.Optional;

/**
 * An immutable element as the stream parser read it: local name, namespace, attributes and children. It is
 * small on purpose; Smack's providers read it through {@link TreePullParser}.
 */
record XmlElement(String name, String namespace, List<Attribute> attributes, List<XmlNode> children)
        implements XmlNode {

    static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

    /** One attribute; {@code namespace} is empty for an unqualified one, {@code prefix} too. */
    record Attribute(String prefix, String namespace, String name, String value) {
        Attribute {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("attribute name must not be empty");
            }
            prefix = prefix == null ? "" : prefix;
            namespace = namespace == null ? "" : namespace;
            if (value == null) {
                throw new IllegalArgumentException("attribute " + name + " has no value");
            }
        }
    }

    XmlElement {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("element name must not be empty");
        }
        namespace = namespace == null ? "" : namespace;
        attributes = List.copyOf(attributes);
        children = List.copyOf(children);
    }

    /** The value of an unqualified attribute. */
    Optional<String> attribute(String attributeName) {
        for (Attribute a : attributes) {
            if (a.namespace().isEmpty() && a.name().equals(attributeName)) {
                return Optional.of(a.value());
            }
        }
        return Optional.empty();
    }

    /** The first child element with this name and namespace. */
    Optional<XmlElement> child(String childName, String childNamespace) {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.name.equals(childName) && e.namespace.equals(childNamespace)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The concatenated text directly inside this element. */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (XmlNode n : children) {
            if (n instanceof XmlNode.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** Serialises with {@code xmlns} written wherever the namespace differs from the enclosing one. */
    String toXml(String enclosingNamespace) {
        StringBuilder sb = new StringBuilder();
        write(sb, enclosingNamespace);
        return sb.toString();
    }

    private void write(StringBuilder sb, String enclosingNamespace) {
        sb.append('<').append(name);
        if (!namespace.equals(enclosingNamespace)) {
            sb.append(" xmlns='");
            escape(sb, namespace, true);
            sb.append('\'');
        }
        int generated = 0;
        for (Attribute a : attributes) {
            sb.append(' ');
            if (a.namespace().equals(XML_NS)) {
                sb.append("xml:");
            } else if (!a.namespace().isEmpty()) {
                // Declare a private prefix next to the attribute so the element stands alone.
                String p = a.prefix().isEmpty() || a.prefix().startsWith("xml") ? "a" + generated++ : a.prefix();
                sb.append("xmlns:").append(p).append("='");
                escape(sb, a.namespace(), true);
                sb.append("' ").append(p).append(':');
            }
            sb.append(a.name()).append("='");
            escape(sb, a.value(), true);
            sb.append('\'');
        }
        if (children.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                e.write(sb, namespace);
            } else {
                escape(sb, ((XmlNode.Text) n).text(), false);
            }
        }
        sb.append("</").append(name).append('>');
    }

    static void escape(StringBuilder sb, String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                sb.append("&lt;");
            } else if (c == '>') {
                sb.append("&gt;");
            } else if (c == '&') {
                sb.append("&amp;");
            } else if (attribute && c == '\'') {
                sb.append("&apos;");
            } else if (attribute && c == '"') {
                sb.append("&quot;");
            } else if (attribute && (c == '\n' || c == '\r' || c == '\t')) {
                // Attribute-value normalisation would turn a raw newline into a space on the other side.
                sb.append("&#").append((int) c).append(';');
            } else if (c == '\r') {
                sb.append("&#13;");
            } else {
                sb.append(c);
            }
        }
    }
}
