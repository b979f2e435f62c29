package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.content.NestedPart;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageSent;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Messages carrying files, sent as MIMI content, encoded, decoded and received back: a file without a caption
 * arrives as a file, and one whose URL a receiver cannot follow arrives as a note naming it, never dropped.
 */
@Tag("feature:attachment")
class AttachmentRoundTripTest {

    private final RoundTripTest.Gateway gw = new RoundTripTest.Gateway();

    private static MessageContent files(String caption, Attachment... attachments) {
        return new MessageContent(caption, Optional.empty(), List.of(attachments), Optional.empty());
    }

    private static Attachment png(String url) {
        return new Attachment(URI.create(url), "image/png", OptionalLong.of(321), Optional.of("cat.png"),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    }

    /** What the receiver makes of the encoded message, checking it is a MessageSent. */
    private MessageContent received(MessageContent sent) {
        Event back = gw.roundTrip(RoundTripTest.sent(sent));
        assertThat(back).isInstanceOf(MessageSent.class);
        return ((MessageSent) back).content();
    }

    @Test
    void aFileWithoutCaptionArrivesAsTheFileOverHttpsAndHttp() {
        for (String url : List.of("https://media.a.example/media/v1/tok.sig",
                "http://127.0.0.1:41234/media/v1/eyJzIjoibXhjOi8vYS5ocy50ZXN0L3gifQ.c2ln")) {
            MessageContent sent = files("", png(url));
            assertThat(gw.toMimi.translate(RoundTripTest.sent(sent), RoundTripTest.ROOM, RoundTripTest.GHOST)
                    .content().orElseThrow().body()).as(url).isInstanceOf(NestedPart.ExternalPart.class);
            assertThat(received(sent)).as(url).isEqualTo(sent);
        }
    }

    @Test
    void aFileWithACaptionKeepsBothOverHttpsAndHttp() {
        for (String url : List.of("https://media.a.example/cat.png", "http://127.0.0.1:41234/files/cat.png")) {
            MessageContent sent = files("look at this", png(url));
            assertThat(received(sent)).as(url).isEqualTo(sent);
        }
    }

    @Test
    void severalFilesWithoutCaptionAllArriveInOrder() {
        Attachment doc = Attachment.of(URI.create("https://media.b.example/a.pdf"), "application/pdf");
        Attachment clip = new Attachment(URI.create("http://127.0.0.1:41234/files/clip.mp4"), "video/mp4",
                OptionalLong.empty(), Optional.of("clip.mp4"), OptionalInt.empty(), OptionalInt.empty(),
                Optional.of("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
        MessageContent sent = files("", png("http://127.0.0.1:41234/files/cat.png"), doc, clip);
        assertThat(received(sent)).isEqualTo(sent);
        assertThat(received(files("three files", doc, clip, png("https://media.a.example/cat.png")))
                .attachments()).hasSize(3);
    }

    @Test
    void aFileOnlyItsOwnNetworkCanFetchArrivesAsANoteNotDropped() {
        // A Matrix file whose mxc: URI was not turned into a downloadable URL (as the soak's build sent them).
        MessageContent content = received(files("", png("mxc://a.hs.test/AbCdEf")));
        assertThat(content.attachments()).isEmpty();
        assertThat(content.text()).isEqualTo("[file: cat.png, image/png] mxc://a.hs.test/AbCdEf");

        MessageContent captioned = received(files("the cat", png("mxc://a.hs.test/AbCdEf"),
                png("https://media.a.example/cat.png")));
        assertThat(captioned.text()).isEqualTo("the cat\n[file: cat.png, image/png] mxc://a.hs.test/AbCdEf");
        assertThat(captioned.attachments()).extracting(a -> a.uri().toString())
                .containsExactly("https://media.a.example/cat.png");
    }

    @Test
    void aFileAtAHostNameJavaCannotResolveArrivesAsANoteWithItsUrl() {
        // An underscore makes the authority registry-based: the URL has no host to download from.
        String url = "http://passerelle_b:8090/media/v1/tok.sig";
        MessageContent content = received(files("", png(url)));
        assertThat(content.attachments()).isEmpty();
        assertThat(content.text()).isEqualTo("[file: cat.png, image/png] " + url);
    }

    @Test
    void anEditThatLeavesOnlyAFileIsNotRefused() {
        MessageSent original = RoundTripTest.sent(MessageContent.text("see the file"));
        gw.roundTrip(original);
        MessageEdited edit = new MessageEdited(EventId.random(), original.origin(), original.sender(),
                original.conversation(), original.timestamp(), original.id(), files("", png("mxc://a.hs.test/x")));
        Event back = gw.roundTrip(edit);
        assertThat(((MessageEdited) back).newContent().text())
                .isEqualTo("[file: cat.png, image/png] mxc://a.hs.test/x");
    }

    @Test
    void theEncodedAttachmentOnlyMessageDecodesToTheSameContent() {
        Outbound out = gw.toMimi.translate(RoundTripTest.sent(files("", png("http://127.0.0.1:1/f"),
                png("https://media.example/g"))), RoundTripTest.ROOM, RoundTripTest.GHOST);
        assertThat(MimiContent.decode(out.encoded())).isEqualTo(out.content().orElseThrow());
    }
}
