package dev.passerelle.connector.xmpp.stanza;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0428 compatibility fallback, {@code <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body
 * start='0' end='33'/></fallback>}: which parts of the message's subject and body only stand in for the
 * extension named by {@code for}, so that a client supporting that extension can hide them.
 *
 * <p>Smack 4.4.8 has {@code FallbackIndicationElement} for the same element, but only in its first version (no
 * {@code for}, no regions); {@link Extensions#register()} replaces its provider with this one.
 */
public record FallbackElement(Optional<String> forNamespace, List<Region> subjects, List<Region> bodies)
        implements QualifiedExtension {

    public static final String NAMESPACE = "urn:xmpp:fallback:0";
    public static final String ELEMENT = "fallback";
    private static final QName QNAME = new QName(NAMESPACE, ELEMENT);

    public FallbackElement {
        Objects.requireNonNull(forNamespace, "forNamespace");
        RequiredValues.nonEmptyIfPresent(forNamespace, "for");
        subjects = List.copyOf(subjects);
        bodies = List.copyOf(bodies);
    }

    /** The whole body stands in for {@code namespace} (no region given). */
    public static FallbackElement wholeBodyFor(String namespace) {
        return new FallbackElement(Optional.of(namespace), List.of(), List.of(Region.WHOLE));
    }

    /** Body characters {@code [start, end)} stand in for {@code namespace}. */
    public static FallbackElement bodyFor(String namespace, int start, int end) {
        return new FallbackElement(Optional.of(namespace), List.of(), List.of(Region.of(start, end)));
    }

    @Override
    public QName getQName() {
        return QNAME;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace);
        xml.optAttribute("for", forNamespace.orElse(null));
        if (subjects.isEmpty() && bodies.isEmpty()) {
            return xml.closeEmptyElement();
        }
        xml.rightAngleBracket();
        // The schema orders every <subject/> before every <body/>.
        for (Region region : subjects) {
            region.appendTo(xml, "subject");
        }
        for (Region region : bodies) {
            region.appendTo(xml, "body");
        }
        return xml.closeElement(this);
    }

    /**
     * A fallback span of the subject or body, as XEP-0426 character positions from {@code start} (inclusive) to
     * {@code end} (exclusive); both absent means the whole element.
     */
    public record Region(Optional<Long> start, Optional<Long> end) {

        public static final Region WHOLE = new Region(Optional.empty(), Optional.empty());

        public Region {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (start.isPresent() != end.isPresent()) {
                throw new IllegalArgumentException("a region has both 'start' and 'end' or neither, got start="
                        + start.map(String::valueOf).orElse("none") + " end=" + end.map(String::valueOf).orElse("none"));
            }
            if (start.isPresent()) {
                long from = start.get();
                long to = end.get();
                if (from < 0 || to > 0xFFFF_FFFFL || from > to) {
                    throw new IllegalArgumentException("a region needs 0 <= start <= end < 2^32, got " + from + ".." + to);
                }
            }
        }

        public static Region of(long start, long end) {
            return new Region(Optional.of(start), Optional.of(end));
        }

        public boolean isWhole() {
            return start.isEmpty();
        }

        void appendTo(XmlStringBuilder xml, String element) {
            xml.halfOpenElement(element);
            xml.optAttribute("start", start.orElse(null));
            xml.optAttribute("end", end.orElse(null));
            xml.closeEmptyElement();
        }
    }
}
