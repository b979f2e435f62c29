package dev.passerelle.connector.matrix.translate;

import static dev.passerelle.connector.matrix.translate.Json.obj;
import static dev.passerelle.connector.matrix.translate.Json.roomEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("direction:matrix-to-canonical")
class InboundMessageTest {
    private final MapRefs refs = new MapRefs();
    private final MatrixToCanonical in = new MatrixToCanonical(refs,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final SpecSchemas schemas = new SpecSchemas();

    private Event single(ObjectNode event) {
        InboundResult r = in.translate(event);
        assertThat(r).isInstanceOf(InboundResult.Translated.class);
        assertThat(((InboundResult.Translated) r).events()).hasSize(1);
        return ((InboundResult.Translated) r).events().get(0);
    }

    /** An {@code m.room.message} event with this id and content (JSON with single quotes). */
    private static ObjectNode roomMessage(String eventId, String content) {
        return roomEvent("m.room.message", eventId, content);
    }

    /** Asserts that the event's content is a valid {@code m.text} message by the spec's schema. */
    private void assertValidText(ObjectNode event) {
        schemas.assertValidRoomEvent("m.room.message$m.text.yaml", "m.room.message", (ObjectNode) event.get("content"));
    }

    private MessageContent content(ObjectNode event) {
        return ((MessageSent) single(event)).content();
    }

    @Test
    @Tag("feature:text")
    void aTextMessageKeepsItsHeaderAndBody() {
        ObjectNode e = roomMessage("$ev1", "{'msgtype':'m.text','body':'hello'}");
        assertValidText(e);
        MessageSent m = (MessageSent) single(e);
        assertThat(m.origin()).isEqualTo(new Origin(Network.MATRIX, new NativeId("$ev1")));
        assertThat(m.sender()).isEqualTo(MatrixUserId.parse("@alice:example.org"));
        assertThat(m.conversation()).isEqualTo(MatrixRoomId.parse("!room:example.org"));
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(m.content()).isEqualTo(MessageContent.text("hello"));
    }

    @Test
    @Tag("feature:text")
    void aRoomVersion12RoomIdWithoutServerIsAccepted() {
        ObjectNode e = roomMessage("$ev1", "{'msgtype':'m.text','body':'hi'}");
        e.put("room_id", "!Zm9vYmFyYmF6cXV4");
        MessageSent m = (MessageSent) single(e);
        assertThat(m.conversation()).isEqualTo(new MatrixRoomId("Zm9vYmFyYmF6cXV4", Optional.empty()));
    }

    @Test
    @Tag("feature:text")
    void aNoticeArrivesAsText() {
        ObjectNode e = roomMessage("$n", "{'msgtype':'m.notice','body':'bot says'}");
        schemas.assertValidRoomEvent("m.room.message$m.notice.yaml", "m.room.message", (ObjectNode) e.get("content"));
        assertThat(content(e).text()).isEqualTo("bot says");
    }

    @Test
    @Tag("feature:emote")
    void anEmoteBecomesSlashMeText() {
        ObjectNode e = roomMessage("$e", "{'msgtype':'m.emote','body':'waves',"
                + "'format':'org.matrix.custom.html','formatted_body':'<em>waves</em>'}");
        schemas.assertValidRoomEvent("m.room.message$m.emote.yaml", "m.room.message", (ObjectNode) e.get("content"));
        MessageContent c = content(e);
        assertThat(c.text()).isEqualTo("/me waves");
        assertThat(c.html()).contains(new SafeHtml("/me <em>waves</em>"));
    }

    @Test
    @Tag("feature:html")
    void htmlIsSanitisedScriptsAndHandlersRemovedAllowedTagsKept() {
        ObjectNode e = roomMessage("$h", "{'msgtype':'m.text','body':'bold',"
                + "'format':'org.matrix.custom.html','formatted_body':"
                + "'<b onclick=\\'steal()\\'>bold</b><script>alert(1)</script><a href=\\'https://x.org\\'>l</a>'}");
        MessageContent c = content(e);
        String html = c.html().orElseThrow().html();
        assertThat(html).contains("<b>bold</b>").contains("href=\"https://x.org\"")
                .doesNotContain("onclick").doesNotContain("script").doesNotContain("alert");
    }

    @Test
    @Tag("feature:html")
    void anUnknownFormatFallsBackToTheBody() {
        ObjectNode e = roomMessage("$h", "{'msgtype':'m.text','body':'plain',"
                + "'format':'text/markdown','formatted_body':'**plain**'}");
        assertThat(content(e)).isEqualTo(MessageContent.text("plain"));
    }

    @Test
    @Tag("feature:reply")
    void aReplyResolvesItsTargetAndLosesBothFallbacks() {
        EventId original = refs.message("$orig");
        ObjectNode e = roomMessage("$r", "{'msgtype':'m.text',"
                + "'body':'> <@bob:example.org> first line\\n> second line\\n\\nmy answer',"
                + "'format':'org.matrix.custom.html','formatted_body':"
                + "'<mx-reply><blockquote><a href=\\'https://matrix.to/#/!room:example.org/$orig\\'>In reply to</a>"
                + " <a href=\\'https://matrix.to/#/@bob:example.org\\'>@bob:example.org</a><br>first line"
                + "</blockquote></mx-reply>my <b>answer</b>',"
                + "'m.relates_to':{'m.in_reply_to':{'event_id':'$orig'}}}");
        assertValidText(e);
        MessageContent c = content(e);
        assertThat(c.text()).isEqualTo("my answer");
        assertThat(c.html()).contains(new SafeHtml("my <b>answer</b>"));
        assertThat(c.replyTo()).contains(original);
    }

    @Test
    @Tag("feature:reply")
    void aReplyToAnUnknownEventIsAPlainMessage() {
        ObjectNode e = roomMessage("$r", "{'msgtype':'m.text','body':'answer',"
                + "'m.relates_to':{'m.in_reply_to':{'event_id':'$never-seen'}}}");
        assertThat(content(e)).isEqualTo(MessageContent.text("answer"));
    }

    @Test
    @Tag("feature:reply")
    void quotedTextThatIsNotAFallbackStays() {
        refs.message("$orig");
        String quote = "> just a quote\\n\\nand text";
        ObjectNode reply = roomMessage("$r", "{'msgtype':'m.text','body':'" + quote + "',"
                + "'m.relates_to':{'m.in_reply_to':{'event_id':'$orig'}}}");
        assertThat(content(reply).text()).isEqualTo("> just a quote\n\nand text");
        ObjectNode notReply = roomMessage("$q", "{'msgtype':'m.text',"
                + "'body':'> <@bob:example.org> said\\n\\nhmm'}");
        assertThat(content(notReply).text()).isEqualTo("> <@bob:example.org> said\n\nhmm");
    }

    @Test
    @Tag("feature:edit")
    void anEditTakesItsTextFromNewContentAndPointsAtTheOriginal() {
        EventId original = refs.message("$orig");
        ObjectNode e = roomMessage("$edit", "{'msgtype':'m.text','body':'* fixed',"
                + "'m.new_content':{'msgtype':'m.text','body':'fixed','format':'org.matrix.custom.html',"
                + "'formatted_body':'<i>fixed</i>'},"
                + "'m.relates_to':{'rel_type':'m.replace','event_id':'$orig'}}");
        assertValidText(e);
        MessageEdited m = (MessageEdited) single(e);
        assertThat(m.target()).isEqualTo(original);
        assertThat(m.newContent().text()).isEqualTo("fixed");
        assertThat(m.newContent().html()).contains(new SafeHtml("<i>fixed</i>"));
    }

    @Test
    @Tag("feature:edit")
    void anEditOfAnUnknownEventIsIgnored() {
        ObjectNode e = roomMessage("$edit", "{'msgtype':'m.text','body':'* x',"
                + "'m.new_content':{'msgtype':'m.text','body':'x'},"
                + "'m.relates_to':{'rel_type':'m.replace','event_id':'$nope'}}");
        assertThat(in.translate(e)).isEqualTo(new InboundResult.Ignored(InboundResult.Reason.TARGET_UNKNOWN,
                "content.m.relates_to.event_id", "edited event $nope is not in the message map"));
    }

    @Test
    @Tag("feature:attachment")
    void anImageWithoutFilenameUsesTheBodyAsName() {
        ObjectNode e = roomMessage("$img", "{'msgtype':'m.image','body':'cat.png',"
                + "'url':'mxc://example.org/abc','info':{'mimetype':'image/png','size':1234,'w':640,'h':480}}");
        schemas.assertValidRoomEvent("m.room.message$m.image.yaml", "m.room.message", (ObjectNode) e.get("content"));
        MessageContent c = content(e);
        assertThat(c.text()).isEmpty();
        assertThat(c.attachments()).containsExactly(new Attachment(URI.create("mxc://example.org/abc"), "image/png",
                OptionalLong.of(1234), Optional.of("cat.png"), OptionalInt.of(640), OptionalInt.of(480),
                Optional.empty()));
    }

    @Test
    @Tag("feature:attachment")
    void aFileWithADifferentFilenameHasACaption() {
        ObjectNode e = roomMessage("$f", "{'msgtype':'m.file','body':'the report',"
                + "'format':'org.matrix.custom.html','formatted_body':'the <b>report</b>',"
                + "'filename':'report.pdf','url':'mxc://example.org/r','info':{'mimetype':'application/pdf'}}");
        schemas.assertValidRoomEvent("m.room.message$m.file.yaml", "m.room.message", (ObjectNode) e.get("content"));
        MessageContent c = content(e);
        assertThat(c.text()).isEqualTo("the report");
        assertThat(c.html()).contains(new SafeHtml("the <b>report</b>"));
        Attachment a = c.attachments().get(0);
        assertThat(a.name()).contains("report.pdf");
        assertThat(a.mediaType()).isEqualTo("application/pdf");
        assertThat(a.width()).isEmpty();
    }

    @Test
    @Tag("feature:attachment")
    void audioAndVideoWithoutInfoGetAGenericMediaType() {
        for (String type : new String[] {"m.audio", "m.video"}) {
            ObjectNode e = roomMessage("$a", "{'msgtype':'" + type + "','body':'clip',"
                    + "'url':'mxc://example.org/c'}");
            schemas.assertValidRoomEvent("m.room.message$" + type + ".yaml", "m.room.message",
                    (ObjectNode) e.get("content"));
            Attachment a = content(e).attachments().get(0);
            assertThat(a.mediaType()).isEqualTo("application/octet-stream");
            assertThat(a.name()).contains("clip");
        }
    }

    @Test
    @Tag("feature:attachment")
    void encryptedMediaIsNotBridged() {
        ObjectNode e = roomMessage("$a", "{'msgtype':'m.file','body':'f','file':{'url':'mxc://x/y'}}");
        assertThat(in.translate(e)).isInstanceOfSatisfying(InboundResult.Ignored.class, i -> {
            assertThat(i.reason()).isEqualTo(InboundResult.Reason.NOT_BRIDGED);
            assertThat(i.path()).isEqualTo("content.file");
        });
    }

    @Test
    @Tag("feature:text")
    void anUnknownMsgtypeShowsItsBody() {
        ObjectNode e = roomMessage("$l", "{'msgtype':'m.location','body':'Big Ben',"
                + "'geo_uri':'geo:51.5008,0.1247'}");
        assertThat(content(e).text()).isEqualTo("Big Ben");
    }

    private void assertIgnored(ObjectNode e, InboundResult.Reason reason, String path) {
        assertThat(in.translate(e)).isInstanceOfSatisfying(InboundResult.Ignored.class, i -> {
            assertThat(i.reason()).isEqualTo(reason);
            assertThat(i.path()).isEqualTo(path);
            assertThat(i.detail()).isNotBlank();
        });
    }

    @Test
    @Tag("feature:malformed")
    void malformedMessagesAreIgnoredWithTheFieldAtFault() {
        ObjectNode notObject = roomMessage("$m", "{}");
        notObject.put("content", "text");
        assertIgnored(notObject, InboundResult.Reason.MALFORMED, "content");
        assertIgnored(roomMessage("$m", "{'msgtype':'m.text','body':42}"),
                InboundResult.Reason.MALFORMED, "content.body");
        assertIgnored(roomMessage("$m", "{'body':'no type'}"),
                InboundResult.Reason.MALFORMED, "content.msgtype");
        assertIgnored(roomMessage("$m", "{'msgtype':'m.text','body':'x','formatted_body':'<b>x</b>'}"),
                InboundResult.Reason.MALFORMED, "content.format");
        assertIgnored(roomMessage("$m",
                "{'msgtype':'m.text','body':'x','format':'org.matrix.custom.html'}"),
                InboundResult.Reason.MALFORMED, "content.formatted_body");
        assertIgnored(roomMessage("$m", "{'msgtype':'m.image','body':'x','url':'https://a/b'}"),
                InboundResult.Reason.MALFORMED, "content.url");
        assertIgnored(roomMessage("$m",
                "{'msgtype':'m.image','body':'x','url':'mxc://a/b','info':{'size':'big'}}"),
                InboundResult.Reason.MALFORMED, "content.info.size");
        ObjectNode badSender = roomMessage("$m", "{'msgtype':'m.text','body':'x'}");
        badSender.put("sender", "alice");
        assertIgnored(badSender, InboundResult.Reason.MALFORMED, "sender");
        ObjectNode noTs = roomMessage("$m", "{'msgtype':'m.text','body':'x'}");
        noTs.remove("origin_server_ts");
        assertIgnored(noTs, InboundResult.Reason.MALFORMED, "origin_server_ts");
        ObjectNode badEdit = roomMessage("$m", "{'msgtype':'m.text','body':'* x',"
                + "'m.relates_to':{'rel_type':'m.replace','event_id':'$o'}}");
        refs.message("$o");
        assertIgnored(badEdit, InboundResult.Reason.MALFORMED, "content.m.new_content");
        assertThat(in.translate(null)).isInstanceOf(InboundResult.Ignored.class);
        assertIgnored(obj("{'content':{}}"), InboundResult.Reason.MALFORMED, "type");
    }

    @Test
    @Tag("feature:malformed")
    void unknownTypesAreIgnoredAsUnsupported() {
        assertIgnored(roomEvent("m.sticker", "$s", "{'body':'x','url':'mxc://a/b','info':{}}"),
                InboundResult.Reason.UNSUPPORTED_TYPE, "type");
        assertIgnored(Json.stateEvent("m.room.join_rules", "$j", "", "{'join_rule':'public'}"),
                InboundResult.Reason.UNSUPPORTED_TYPE, "type");
        // Power levels are bridged as roles, but only as a change against the previous content.
        assertIgnored(Json.stateEvent("m.room.power_levels", "$p", "", "{'users':{}}"),
                InboundResult.Reason.NOT_BRIDGED, "unsigned.prev_content");
    }
}
