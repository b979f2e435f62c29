package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.connector.xmpp.stanza.FallbackElement;
import dev.passerelle.connector.xmpp.stanza.OobElement;
import dev.passerelle.connector.xmpp.stanza.ReplyElement;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.xhtmlim.packet.XHTMLExtension;

/**
 * Reads the content of a message stanza: the body without its reply fallback (XEP-0461 with XEP-0428 regions),
 * HTML from XHTML-IM when present or else from the body's XEP-0393 styling, out-of-band attachments (XEP-0066) and
 * the message replied to.
 */
final class InboundContent {
    /** Bodies longer than this (in UTF-16 units) are refused: XMPP servers cap stanzas well below it anyway. */
    static final int MAX_BODY_CHARS = 65_536;

    static final String STYLING_NAMESPACE = "urn:xmpp:styling:0";

    private InboundContent() {}

    /** Whether the message carries anything that makes it a message: a body or an attachment. */
    static boolean hasContent(Message message) {
        return message.getBody() != null || !message.getExtensions(OobElement.ELEMENT, OobElement.NAMESPACE).isEmpty();
    }

    static MessageContent read(Message message, Address conversation, StanzaRefs refs) {
        String body = message.getBody() == null ? "" : message.getBody();
        if (body.length() > MAX_BODY_CHARS) {
            throw new Rejected(InboundResult.Reason.TOO_LARGE,
                    "the body has " + body.length() + " characters, more than " + MAX_BODY_CHARS);
        }
        Optional<ReplyElement> reply = Elements.one(message, ReplyElement.ELEMENT, ReplyElement.NAMESPACE,
                ReplyElement.class);
        Optional<EventId> replyTo = reply.flatMap(r -> refs.canonical(conversation, r.id()));
        String text = body;
        boolean fallbackRemoved = false;
        for (FallbackElement fallback : Elements.all(message, FallbackElement.ELEMENT, FallbackElement.NAMESPACE,
                FallbackElement.class)) {
            if (fallback.forNamespace().filter(ReplyElement.NAMESPACE::equals).isPresent()) {
                text = removeRegions(text, fallback.bodies());
                fallbackRemoved = true;
            }
        }

        List<Attachment> attachments = new ArrayList<>();
        for (OobElement oob : Elements.all(message, OobElement.ELEMENT, OobElement.NAMESPACE, OobElement.class)) {
            Optional<URI> uri = httpUri(oob.url());
            if (uri.isEmpty()) {
                continue;
            }
            attachments.add(new Attachment(uri.get(), MediaTypes.guess(uri.get()), OptionalLong.empty(),
                    MediaTypes.name(uri.get()), OptionalInt.empty(), OptionalInt.empty(), Optional.empty()));
            // Clients put the URL in the body too, so that others show at least a link: that body is not text.
            if (text.strip().equals(oob.url())) {
                text = oob.desc().orElse("");
            }
        }

        Optional<SafeHtml> html = Optional.empty();
        XHTMLExtension xhtml = Elements.one(message, XHTMLExtension.ELEMENT, XHTMLExtension.NAMESPACE,
                XHTMLExtension.class).orElse(null);
        // A reply's XHTML-IM copy still holds the quote, which has no marked region there: use the body then.
        if (xhtml != null && !xhtml.getBodies().isEmpty() && !fallbackRemoved) {
            html = Optional.of(HtmlSanitizer.sanitize(xhtml.getBodies().get(0).toString()));
        } else if (!message.hasExtension("unstyled", STYLING_NAMESPACE)) {
            html = StylingReader.toHtml(text).map(HtmlSanitizer::sanitize);
        }
        return new MessageContent(text, html, attachments, replyTo);
    }

    /**
     * The body without the given regions. XEP-0426 counts positions in Unicode code points, not UTF-16 units;
     * a region without bounds is the whole body. Regions past the end are clipped rather than refused.
     */
    static String removeRegions(String body, List<FallbackElement.Region> regions) {
        if (regions.stream().anyMatch(FallbackElement.Region::isWhole)) {
            return "";
        }
        int codePoints = body.codePointCount(0, body.length());
        List<FallbackElement.Region> ordered = new ArrayList<>(regions);
        ordered.sort(Comparator.comparing((FallbackElement.Region r) -> r.start().orElseThrow()).reversed());
        StringBuilder out = new StringBuilder(body);
        long limit = codePoints;
        for (FallbackElement.Region region : ordered) {
            long start = Math.min(region.start().orElseThrow(), limit);
            long end = Math.min(region.end().orElseThrow(), limit);
            if (start >= end) {
                continue;
            }
            int from = body.offsetByCodePoints(0, (int) start);
            int to = body.offsetByCodePoints(0, (int) end);
            out.delete(from, to);
            // Overlapping regions: everything from 'start' on is already gone.
            limit = start;
        }
        return out.toString();
    }

    private static Optional<URI> httpUri(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
