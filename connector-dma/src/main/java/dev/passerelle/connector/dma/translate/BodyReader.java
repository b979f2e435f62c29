package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.EncryptedPartUri;
import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.NestedPart;
import dev.passerelle.connector.dma.content.PartSemantics;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Reads a MIMI body into the pieces of a canonical message: plain text, sanitised HTML and attachments. */
final class BodyReader {

    /** What a body holds; {@code html} is already sanitised. */
    record Body(String text, Optional<SafeHtml> html, List<Attachment> attachments,
            List<NestedPart.ExternalPart> encrypted) {
        Body {
            attachments = List.copyOf(attachments);
            encrypted = List.copyOf(encrypted);
        }

        boolean isEmpty() {
            return text.isEmpty() && html.isEmpty() && attachments.isEmpty();
        }
    }

    private static final int SHA_256 = MessageId.SHA_256;
    /** What an external part without a usable content type is carried as: it claims nothing. */
    static final String OCTET_STREAM = "application/octet-stream";
    // RFC 6838 type and subtype names, as the media service checks them: anything else would fail there later.
    private static final String NAME = "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}";
    private static final Pattern MEDIA_TYPE = Pattern.compile(NAME + "/" + NAME);
    /** Schemes whose URL the fallback text of an unusable external part shows: none of them runs anything. */
    private static final List<String> SHOWN_SCHEMES = List.of("http", "https", "mxc");
    private static final int MAX_SHOWN_URL = 2048;
    private static final int MAX_SHOWN_NAME = 255;

    private BodyReader() {
    }

    /** One piece of text, with its HTML form when it had one (null otherwise). */
    private record Segment(String text, String html) {
    }

    static Body read(NestedPart body) {
        List<Segment> segments = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        collect(body, segments, attachments);
        List<String> texts = new ArrayList<>();
        List<String> htmls = new ArrayList<>();
        boolean anyHtml = false;
        for (Segment s : segments) {
            texts.add(s.text());
            anyHtml |= s.html() != null;
            htmls.add(s.html() != null ? s.html() : escape(s.text()));
        }
        String text = String.join("\n", texts);
        // Once any piece is rich, the HTML form must hold every piece, the plain ones escaped.
        Optional<SafeHtml> html = anyHtml ? Optional.of(HtmlSanitizer.sanitize(String.join("<br>", htmls)))
                : Optional.empty();
        List<NestedPart.ExternalPart> encrypted = new ArrayList<>();
        for (NestedPart p : partsOf(body)) {
            if (p instanceof NestedPart.ExternalPart e && e.encAlg() != 0) {
                Optional<URI> uri = toAttachment(e).map(Attachment::uri);
                if (uri.isPresent() && attachments.stream().anyMatch(a -> a.uri().equals(uri.get()))) {
                    encrypted.add(e);
                }
            }
        }
        return new Body(text, html, attachments, encrypted);
    }

    private static List<NestedPart> partsOf(NestedPart part) {
        List<NestedPart> out = new ArrayList<>();
        out.add(part);
        if (part instanceof NestedPart.MultiPart m) {
            for (NestedPart child : m.parts()) {
                out.addAll(partsOf(child));
            }
        }
        return out;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("\n", "<br>");
    }

    private static void collect(NestedPart part, List<Segment> segs, List<Attachment> atts) {
        if (part instanceof NestedPart.SinglePart s) {
            readSingle(s).ifPresent(segs::add);
        } else if (part instanceof NestedPart.ExternalPart e) {
            Optional<Attachment> a = toAttachment(e);
            if (a.isPresent()) {
                atts.add(a.get());
            } else {
                // A file we cannot hand on as an attachment still says a file was sent (and is never the reason
                // the whole message is dropped).
                segs.add(new Segment(fallback(e), null));
            }
        } else if (part instanceof NestedPart.MultiPart m) {
            if (m.semantics() == PartSemantics.CHOOSE_ONE) {
                chooseOne(m.parts(), segs, atts);
            } else {
                for (NestedPart child : m.parts()) {
                    collect(child, segs, atts);
                }
            }
        }
        // A NullPart carries nothing.
    }

    // Alternatives say the same thing: keep the HTML one for rich display and a plain one for the text, so
    // neither is shown twice; with no text alternative at all, the first part that yields anything wins.
    private static void chooseOne(List<NestedPart> parts, List<Segment> segs, List<Attachment> atts) {
        Optional<NestedPart.SinglePart> html = single(parts, "text/html");
        Optional<NestedPart.SinglePart> plain = single(parts, "text/plain").or(() -> single(parts, "text/markdown"));
        if (html.isPresent() && plain.isPresent()) {
            String text = readSingle(plain.get()).map(Segment::text).orElse("");
            segs.add(new Segment(text, utf8(html.get())));
            return;
        }
        if (html.isPresent() || plain.isPresent()) {
            readSingle(html.or(() -> plain).get()).ifPresent(segs::add);
            return;
        }
        for (NestedPart p : parts) {
            if (p instanceof NestedPart.ExternalPart e && toAttachment(e).isEmpty()) {
                continue; // an alternative we can carry beats the note saying a file could not be
            }
            int before = segs.size() + atts.size();
            collect(p, segs, atts);
            if (segs.size() + atts.size() > before) {
                return;
            }
        }
        for (NestedPart p : parts) {
            if (p instanceof NestedPart.ExternalPart e) {
                segs.add(new Segment(fallback(e), null));
                return;
            }
        }
    }

    private static Optional<NestedPart.SinglePart> single(List<NestedPart> parts, String mediaType) {
        for (NestedPart p : parts) {
            if (p instanceof NestedPart.SinglePart s && mediaType(s.contentType()).equals(mediaType)
                    && utf8Charset(s.contentType())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static Optional<Segment> readSingle(NestedPart.SinglePart s) {
        if (!utf8Charset(s.contentType())) {
            return Optional.empty();
        }
        String type = mediaType(s.contentType());
        if (type.equals("text/plain")) {
            return Optional.of(new Segment(utf8(s), null));
        }
        if (type.equals("text/markdown")) {
            String rendered = Markdown.toHtml(utf8(s));
            return Optional.of(new Segment(PlainText.fromHtml(rendered), rendered));
        }
        if (type.equals("text/html")) {
            String raw = utf8(s);
            return Optional.of(new Segment(PlainText.fromHtml(raw), raw));
        }
        return Optional.empty();
    }

    static Optional<Attachment> toAttachment(NestedPart.ExternalPart e) {
        URI uri;
        try {
            uri = new URI(e.url());
        } catch (URISyntaxException ex) {
            return Optional.empty();
        }
        String type = attachmentType(e.contentType());
        // The draft has clients download http and https parts; other schemes (file:, javascript:, a Matrix mxc:)
        // are not followed for a peer.
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            return Optional.empty();
        }
        Optional<String> name = e.filename().isEmpty() ? Optional.empty() : Optional.of(e.filename());
        if (e.encAlg() != 0) {
            // The URL serves ciphertext: the attachment points at the gateway's own mimi-enc: URI, which the
            // connector's fetcher downloads, checks and decrypts. The part's size and hash are the ciphertext's,
            // so neither describes the file the other network gets. Other algorithms stay as they are.
            Optional<EncryptedPartUri> enc = EncryptedPartUri.of(e);
            if (enc.isPresent()) {
                return Optional.of(new Attachment(enc.get().toUri(), type, OptionalLong.empty(), name,
                        OptionalInt.empty(), OptionalInt.empty(), Optional.empty()));
            }
        }
        OptionalLong size = e.size() > 0 ? OptionalLong.of(e.size()) : OptionalLong.empty();
        Optional<String> sha = e.hashAlg() == SHA_256 && e.contentHash().length == 32
                ? Optional.of(HexFormat.of().formatHex(e.contentHash())) : Optional.empty();
        return Optional.of(new Attachment(uri, type, size, name, OptionalInt.empty(), OptionalInt.empty(), sha));
    }

    /**
     * The media type an attachment gets for a part's content type: its type/subtype, or {@link #OCTET_STREAM}
     * when that is missing or malformed (the type only describes the file; a bad one is no reason to lose it).
     */
    static String attachmentType(String contentType) {
        String type = mediaType(contentType);
        return MEDIA_TYPE.matcher(type).matches() ? type : OCTET_STREAM;
    }

    /**
     * The text standing for an external part that cannot be an attachment here: its name and type, and its URL
     * when the scheme is a harmless one to show.
     */
    static String fallback(NestedPart.ExternalPart e) {
        String name = !e.filename().isBlank() ? e.filename() : !e.description().isBlank() ? e.description() : "";
        StringBuilder text = new StringBuilder("[file");
        if (!name.isEmpty()) {
            text.append(": ").append(printable(name.codePointCount(0, name.length()) > MAX_SHOWN_NAME
                    ? name.substring(0, name.offsetByCodePoints(0, MAX_SHOWN_NAME)) + "..." : name));
        }
        text.append(", ").append(attachmentType(e.contentType())).append(']');
        String url = e.url().strip();
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (SHOWN_SCHEMES.contains(scheme) && url.length() <= MAX_SHOWN_URL) {
            text.append(' ').append(printable(url));
        }
        return text.toString();
    }

    // One line of text: a peer's control characters (line breaks included) become spaces.
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }

    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean utf8Charset(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        int at = lower.indexOf("charset=");
        if (at < 0) {
            return true;
        }
        String cs = lower.substring(at + "charset=".length()).split(";", 2)[0].replace("\"", "");
        return cs.equals("utf-8") || cs.equals("utf8") || cs.equals("us-ascii");
    }

    private static String utf8(NestedPart.SinglePart s) {
        return new String(s.content(), StandardCharsets.UTF_8);
    }
}
