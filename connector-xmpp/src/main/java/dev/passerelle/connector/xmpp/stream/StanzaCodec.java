package dev.passerelle.connector.xmpp.stream;

import dev.passerelle.core.spi.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jxmpp.jid.Jid;

/**
 * Converts between the parser's {@link XmlElement}s and Smack's stanza classes, and writes the few stanzas this
 * layer answers by itself (ping replies, bad-request bounces). Every stanza it writes has a {@code from} inside
 * the component's domain: servers close the whole component stream otherwise.
 */
final class StanzaCodec {
    static final String PING_NS = "urn:xmpp:ping";
    static final String STANZAS_NS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static final XmlEnvironment CLIENT_ENVIRONMENT = new XmlEnvironment(TreePullParser.CLIENT_NS);

    private final String domain;

    StanzaCodec(String domain) {
        this.domain = domain.toLowerCase(Locale.ROOT);
    }

    /** Smack's view of an inbound stanza; a stanza Smack cannot read is INVALID with Smack's reason. */
    Stanza toSmack(XmlElement element) {
        try {
            return PacketParserUtils.parseStanza(new TreePullParser(element), XmlEnvironment.EMPTY);
        } catch (Exception e) {
            // Smack signals bad input with checked parse exceptions and with unchecked ones from value
            // parsing (an unknown type, a malformed JID); all of them mean this one stanza is unreadable.
            throw new GatewayException(GatewayException.Reason.INVALID,
                    "unreadable <" + element.name() + ">: " + e.getMessage(), e);
        }
    }

    /**
     * The wire form of an outbound stanza in the component namespace. Smack writes stanzas in
     * {@code jabber:client}; serialising them inside a {@code jabber:client} environment leaves the top element
     * and its plain children without an {@code xmlns}, so they inherit the stream's {@code jabber:component:accept}.
     */
    String toWire(Stanza stanza) {
        requireOwnFrom(stanza.getFrom(), stanza);
        String xml = stanza.toXML(CLIENT_ENVIRONMENT).toString();
        String head = xml.substring(0, Math.min(xml.length(), xml.indexOf('>') + 1));
        if (head.contains("xmlns='" + TreePullParser.CLIENT_NS + "'")
                || head.contains("xmlns=\"" + TreePullParser.CLIENT_NS + "\"")) {
            throw new IllegalStateException("stanza serialised with an explicit jabber:client namespace: " + head);
        }
        return xml;
    }

    /** Fails with INVALID unless {@code from} is the component domain or an address on it or a subdomain. */
    void requireOwnFrom(Jid from, Stanza stanza) {
        if (from == null) {
            throw new GatewayException(GatewayException.Reason.INVALID,
                    "stanza " + stanza.getStanzaId() + " has no from; the component must address it from " + domain);
        }
        if (!ownDomain(from.getDomain().toString())) {
            throw new GatewayException(GatewayException.Reason.INVALID, "stanza " + stanza.getStanzaId()
                    + " is from " + from + ", outside the component domain " + domain
                    + " (the server would close the component stream)");
        }
    }

    boolean ownDomain(String candidate) {
        String d = candidate.toLowerCase(Locale.ROOT);
        return d.equals(domain) || d.endsWith("." + domain);
    }

    /** True for an XEP-0199 ping addressed to the component domain itself. */
    static boolean isPingRequest(XmlElement e, String domain) {
        return e.name().equals("iq") && e.attribute("type").orElse("").equals("get")
                && e.attribute("to").map(t -> t.equalsIgnoreCase(domain)).orElse(false)
                && e.children().size() == 1 && e.child("ping", PING_NS).isPresent();
    }

    /** The result for a ping request, from the domain back to whoever asked. */
    String pingResult(XmlElement ping) {
        StringBuilder sb = new StringBuilder("<iq type='result'");
        attribute(sb, "id", ping.attribute("id").orElse(""));
        attribute(sb, "from", domain);
        ping.attribute("from").ifPresent(f -> attribute(sb, "to", f));
        return sb.append("/>").toString();
    }

    /** Our own ping, sent from the domain to the domain so that the server routes it back through the stream. */
    String ping(String id) {
        StringBuilder sb = new StringBuilder("<iq type='get'");
        attribute(sb, "id", id);
        attribute(sb, "from", domain);
        attribute(sb, "to", domain);
        return sb.append("><ping xmlns='").append(PING_NS).append("'/></iq>").toString();
    }

    /**
     * A stanza error answering {@code original} (RFC 6120 section 8.3): same element name and id, {@code to} and
     * {@code from} swapped, the original children kept. Empty for an error stanza, which is never answered.
     */
    Optional<String> bounce(XmlElement original, String condition, String errorType, String text) {
        if (original.attribute("type").orElse("").equals("error") || original.attribute("from").isEmpty()) {
            return Optional.empty();
        }
        String to = original.attribute("to").orElse(domain);
        String from = ownDomain(domainOf(to)) ? to : domain;
        List<XmlElement.Attribute> attributes = new ArrayList<>();
        for (XmlElement.Attribute a : original.attributes()) {
            if (!a.namespace().isEmpty() || a.name().equals("id")) {
                attributes.add(a);
            }
        }
        attributes.add(new XmlElement.Attribute("", "", "from", from));
        attributes.add(new XmlElement.Attribute("", "", "to", original.attribute("from").orElseThrow()));
        attributes.add(new XmlElement.Attribute("", "", "type", "error"));
        List<XmlNode> errorChildren = new ArrayList<>();
        errorChildren.add(new XmlElement(condition, STANZAS_NS, List.of(), List.of()));
        if (text != null && !text.isEmpty()) {
            errorChildren.add(new XmlElement("text", STANZAS_NS, List.of(), List.of(new XmlNode.Text(text))));
        }
        List<XmlNode> children = new ArrayList<>();
        if (!original.name().equals("message")) {
            // An iq or presence error carries the original payload; a message bounce need not echo the body.
            children.addAll(original.children());
        }
        children.add(new XmlElement("error", StanzaParser.COMPONENT_NS,
                List.of(new XmlElement.Attribute("", "", "type", errorType)), errorChildren));
        return Optional.of(new XmlElement(original.name(), StanzaParser.COMPONENT_NS, attributes, children)
                .toXml(StanzaParser.COMPONENT_NS));
    }

    private static String domainOf(String jid) {
        String d = jid;
        int slash = d.indexOf('/');
        if (slash >= 0) {
            d = d.substring(0, slash);
        }
        int at = d.indexOf('@');
        return at >= 0 ? d.substring(at + 1) : d;
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("='");
        XmlElement.escape(sb, value, true);
        sb.append('\'');
    }
}
