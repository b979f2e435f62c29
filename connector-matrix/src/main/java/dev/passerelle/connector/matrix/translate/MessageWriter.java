package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Writes message and edit contents ({@code m.room.message}), applying the {@link SizePolicy}. */
final class MessageWriter {
    static final String EDIT_PREFIX = "* ";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SizePolicy size;
    private final Function<Attachment, Optional<URI>> media;

    MessageWriter(SizePolicy size, Function<Attachment, Optional<URI>> media) {
        this.size = size;
        this.media = media;
    }

    /**
     * The contents for a new message: text first (split if needed), then one event per attachment. A single
     * attachment takes the text as its caption when both fit in one event. {@code replyTo} (a Matrix event id)
     * goes on the first event only.
     */
    List<ObjectNode> message(MessageContent content, Optional<String> replyTo) {
        List<ObjectNode> out = new ArrayList<>();
        Text text = Text.of(content.text(), content.html());
        List<Attachment> files = new ArrayList<>();
        List<Attachment> unsendable = new ArrayList<>();
        for (Attachment a : content.attachments()) {
            if (mxc(a).isPresent()) {
                files.add(a);
            } else {
                unsendable.add(a);
            }
        }
        boolean captioned = false;
        if (files.size() == 1 && !content.text().isEmpty()) {
            // The caption is the text as written: an emote's "/me " stays visible, there is no emote file.
            Text caption = new Text("m.text", content.text(),
                    content.html().map(h -> HtmlSanitizer.sanitize(h.html()).html()));
            ObjectNode withCaption = file(files.get(0), Optional.of(caption));
            if (size.fits(withCaption)) {
                out.add(withCaption);
                captioned = true;
            }
        }
        if (!captioned && (!content.text().isEmpty() || files.isEmpty() && unsendable.isEmpty())) {
            out.addAll(size.fit(text.body(), text.html(),
                    // Only the first part is an emote: a later one read back would get a second "/me ".
                    (body, html, part) -> text(part == 1 ? text.msgtype() : "m.text", body, html)));
        }
        if (!captioned) {
            for (Attachment a : files) {
                out.add(file(a, Optional.empty()));
            }
        }
        for (Attachment a : unsendable) {
            // Matrix can only embed media it hosts (mxc:); a file the media hook could not upload travels as a
            // link, which every client shows and most make clickable.
            String name = a.name().orElse("attachment");
            out.add(text("m.text", name + ": " + a.uri(), Optional.empty()));
        }
        replyTo.ifPresent(id -> relates(out.get(0)).putObject("m.in_reply_to").put("event_id", id));
        return out;
    }

    /**
     * The content of an edit: {@code m.new_content} holds the new text, the outer body the same text after
     * {@code "* "} for clients without edit support; the relation points at the original event.
     */
    ObjectNode edit(MessageContent newContent, String originalEventId) {
        Text text = Text.of(newContent.text(), newContent.html());
        return size.truncate(text.body(), text.html(), (body, html, part) -> {
            ObjectNode c = text(text.msgtype(), EDIT_PREFIX + body, html.map(h -> EDIT_PREFIX + h));
            c.set("m.new_content", text(text.msgtype(), body, html));
            ObjectNode rel = relates(c);
            rel.put("rel_type", "m.replace");
            rel.put("event_id", originalEventId);
            return c;
        });
    }

    private static ObjectNode text(String msgtype, String body, Optional<String> html) {
        ObjectNode c = NODES.objectNode();
        c.put("msgtype", msgtype);
        c.put("body", body);
        html.ifPresent(h -> {
            c.put("format", MessageReader.HTML_FORMAT);
            c.put("formatted_body", h);
        });
        return c;
    }

    private ObjectNode file(Attachment a, Optional<Text> caption) {
        ObjectNode c = NODES.objectNode();
        String msgtype = msgtype(a.mediaType());
        String filename = a.name().filter(n -> !n.isBlank()).orElseGet(() -> fallbackName(a));
        c.put("msgtype", msgtype);
        c.put("body", caption.map(Text::body).orElse(filename));
        caption.flatMap(Text::html).ifPresent(h -> {
            c.put("format", MessageReader.HTML_FORMAT);
            c.put("formatted_body", h);
        });
        c.put("filename", filename);
        c.put("url", mxc(a).orElseThrow().toString());
        ObjectNode info = c.putObject("info");
        info.put("mimetype", a.mediaType());
        a.size().ifPresent(s -> info.put("size", s));
        if (msgtype.equals("m.image") || msgtype.equals("m.video")) {
            a.width().ifPresent(w -> info.put("w", w));
            a.height().ifPresent(h -> info.put("h", h));
        }
        return c;
    }

    private Optional<URI> mxc(Attachment a) {
        return media.apply(a).filter(u -> "mxc".equals(u.getScheme()));
    }

    private static String fallbackName(Attachment a) {
        String path = a.uri().getPath();
        if (path != null) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (!last.isBlank()) {
                return last;
            }
        }
        return "file";
    }

    static String msgtype(String mediaType) {
        if (mediaType.startsWith("image/")) {
            return "m.image";
        }
        if (mediaType.startsWith("video/")) {
            return "m.video";
        }
        if (mediaType.startsWith("audio/")) {
            return "m.audio";
        }
        return "m.file";
    }

    private static ObjectNode relates(ObjectNode content) {
        return content.has("m.relates_to") ? (ObjectNode) content.get("m.relates_to")
                : content.putObject("m.relates_to");
    }

    /** Canonical text as Matrix text: an emote when it starts with "/me ", HTML sanitised again on the way out. */
    private record Text(String msgtype, String body, Optional<String> html) {
        static Text of(String text, Optional<SafeHtml> html) {
            // SafeHtml is sanitised already; sanitising is idempotent, and doing it here keeps this edge safe even
            // if HTML was read back from a store written by an older policy.
            Optional<String> h = html.map(s -> HtmlSanitizer.sanitize(s.html()).html());
            if (text.startsWith(MessageReader.EMOTE_PREFIX)) {
                int n = MessageReader.EMOTE_PREFIX.length();
                return new Text("m.emote", text.substring(n),
                        h.map(s -> s.startsWith(MessageReader.EMOTE_PREFIX) ? s.substring(n) : s));
            }
            return new Text("m.text", text, h);
        }
    }
}
