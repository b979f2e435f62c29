package dev.passerelle.connector.matrix.translate;

import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Reads the content of an {@code m.room.message} (or an edit's {@code m.new_content}) into a MessageContent. */
final class MessageReader {
    static final String HTML_FORMAT = "org.matrix.custom.html";
    /** How text marks an emote in the canonical model (the XMPP /me convention, XEP-0245). */
    static final String EMOTE_PREFIX = "/me ";
    static final Set<String> TEXT_TYPES = Set.of("m.text", "m.notice", "m.emote");
    static final Set<String> FILE_TYPES = Set.of("m.image", "m.file", "m.audio", "m.video");
    /** Device-to-device protocol messages that happen to travel as room messages; nothing to show elsewhere. */
    private static final Set<String> NOT_BRIDGED_TYPES = Set.of("m.key.verification.request");
    private static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";

    private MessageReader() {
    }

    /**
     * Reads a message content. {@code stripReplyFallback} is true for a reply: its body may start with the quoted
     * lines older clients add, which the spec now says to remove.
     */
    static MessageContent read(Fields content, Optional<EventId> replyTo, boolean stripReplyFallback) {
        String msgtype = content.string("msgtype");
        String body = content.string("body");
        Optional<SafeHtml> html = html(content);
        if (stripReplyFallback) {
            body = stripReplyFallback(body);
        }
        if (NOT_BRIDGED_TYPES.contains(msgtype)) {
            throw new Malformed(InboundResult.Reason.NOT_BRIDGED, content.path("msgtype"),
                    msgtype + " is a device protocol message");
        }
        if (FILE_TYPES.contains(msgtype)) {
            return file(content, msgtype, body, html, replyTo);
        }
        if (msgtype.equals("m.emote")) {
            return new MessageContent(EMOTE_PREFIX + body, html.map(h -> new SafeHtml(EMOTE_PREFIX + h.html())),
                    List.of(), replyTo);
        }
        // m.text and m.notice, and any other msgtype: the spec asks clients to show the body of a msgtype they do
        // not understand (m.location, custom types), so that is what travels.
        return new MessageContent(body, html, List.of(), replyTo);
    }

    private static Optional<SafeHtml> html(Fields content) {
        Optional<String> format = content.optionalString("format");
        Optional<String> formatted = content.optionalString("formatted_body");
        if (formatted.isPresent() && format.isEmpty()) {
            throw new Malformed(content.path("format"), "missing while formatted_body is present");
        }
        if (format.isPresent() && formatted.isEmpty()) {
            throw new Malformed(content.path("formatted_body"), "missing while format is present");
        }
        if (format.isEmpty() || !format.get().equals(HTML_FORMAT)) {
            // An unknown format is not an error: body is the fallback every client falls back to.
            return Optional.empty();
        }
        return Optional.of(HtmlSanitizer.sanitize(formatted.get()));
    }

    private static MessageContent file(Fields content, String msgtype, String body, Optional<SafeHtml> html,
            Optional<EventId> replyTo) {
        Optional<String> url = content.optionalString("url");
        if (url.isEmpty()) {
            if (content.has("file")) {
                throw new Malformed(InboundResult.Reason.NOT_BRIDGED, content.path("file"),
                        "encrypted media is not bridged");
            }
            throw new Malformed(content.path("url"), "missing (must be an mxc:// URI)");
        }
        URI uri = mxc(url.get(), content.path("url"));
        Optional<Fields> info = content.optionalObject("info");
        String mediaType = DEFAULT_MEDIA_TYPE;
        OptionalLong size = OptionalLong.empty();
        OptionalInt width = OptionalInt.empty();
        OptionalInt height = OptionalInt.empty();
        if (info.isPresent()) {
            Fields i = info.get();
            Optional<String> mime = i.optionalString("mimetype");
            if (mime.isPresent() && validMediaType(mime.get())) {
                mediaType = mime.get();
            }
            size = i.optionalInteger("size");
            if (size.isPresent() && size.getAsLong() < 0) {
                throw new Malformed(i.path("size"), "must not be negative");
            }
            if (msgtype.equals("m.image") || msgtype.equals("m.video")) {
                width = dimension(i, "w");
                height = dimension(i, "h");
            }
        }
        // Since v1.10 a body that differs from filename is a caption; without filename the body is the name.
        Optional<String> filename = content.optionalString("filename");
        boolean captioned = filename.isPresent() && !filename.get().equals(body);
        String name = filename.orElse(body);
        Attachment attachment = new Attachment(uri, mediaType, size,
                name.isEmpty() ? Optional.empty() : Optional.of(name), width, height, Optional.empty());
        return new MessageContent(captioned ? body : "", captioned ? html : Optional.empty(), List.of(attachment),
                replyTo);
    }

    private static OptionalInt dimension(Fields info, String field) {
        OptionalLong v = info.optionalInteger(field);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        if (v.getAsLong() < 0 || v.getAsLong() > Integer.MAX_VALUE) {
            throw new Malformed(info.path(field), "must be a non-negative int");
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    static URI mxc(String text, String path) {
        if (!text.startsWith("mxc://")) {
            throw new Malformed(path, "must be an mxc:// URI");
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new Malformed(path, "not a URI: " + e.getReason());
        }
    }

    private static boolean validMediaType(String mime) {
        int slash = mime.indexOf('/');
        return slash > 0 && slash < mime.length() - 1 && mime.strip().equals(mime);
    }

    /**
     * Removes the quoted lines of a reply fallback: a run of lines starting with {@code >}, the first one being
     * {@code > <@user...}, followed by one empty line. Text that does not have exactly that shape is left alone,
     * since a user may well start a reply with a quotation of their own.
     */
    static String stripReplyFallback(String body) {
        if (!body.startsWith("> <")) {
            return body;
        }
        int pos = 0;
        while (pos < body.length() && body.charAt(pos) == '>') {
            int eol = body.indexOf('\n', pos);
            if (eol < 0) {
                return body;
            }
            pos = eol + 1;
        }
        if (pos < body.length() && body.charAt(pos) == '\n') {
            return body.substring(pos + 1);
        }
        return body;
    }
}
