package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/** Any canonical message sent to MIMI and received back keeps its text, HTML, reply target and attachments. */
class RoundTripPropertiesTest {

    private static final String[] TAGS = {"b", "i", "em", "strong", "code", "p", "blockquote", "del"};

    private static long pick(RandomnessSource in, long min, long max) {
        return in.next(Constraint.between(min, max));
    }

    // Markup characters, accents, CJK and emoji, so escaping and UTF-8 of 1 to 4 bytes are exercised.
    private static String text(RandomnessSource in, int maxLength) {
        int[][] ranges = {{0x20, 0x7e}, {'<', '>'}, {'&', '&'}, {'\n', '\n'}, {0xa0, 0x24f}, {0x4e00, 0x4fff},
            {0x1f300, 0x1f64f}};
        StringBuilder sb = new StringBuilder();
        long n = pick(in, 0, maxLength);
        for (int k = 0; k < n; k++) {
            int[] r = ranges[(int) pick(in, 0, ranges.length - 1)];
            sb.appendCodePoint((int) pick(in, r[0], r[1]));
        }
        return sb.toString();
    }

    private static Optional<SafeHtml> html(RandomnessSource in) {
        if (pick(in, 0, 1) == 0) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        long n = pick(in, 1, 4);
        for (int k = 0; k < n; k++) {
            String tag = TAGS[(int) pick(in, 0, TAGS.length - 1)];
            sb.append('<').append(tag).append('>').append(text(in, 12)).append("</").append(tag).append('>');
        }
        return Optional.of(HtmlSanitizer.sanitize(sb.toString()));
    }

    private static Attachment attachment(RandomnessSource in, int k) {
        byte[] hash = new byte[32];
        for (int b = 0; b < hash.length; b++) {
            hash[b] = (byte) pick(in, 0, 255);
        }
        String[] types = {"image/png", "video/mp4", "application/pdf", "text/plain"};
        return new Attachment(URI.create("https://media.example/f/" + k + "/" + pick(in, 0, 1_000_000)),
                types[(int) pick(in, 0, types.length - 1)],
                pick(in, 0, 1) == 0 ? OptionalLong.empty() : OptionalLong.of(pick(in, 1, Long.MAX_VALUE)),
                pick(in, 0, 1) == 0 ? Optional.empty() : Optional.of("file " + text(in, 8) + ".bin"),
                OptionalInt.empty(), OptionalInt.empty(),
                pick(in, 0, 1) == 0 ? Optional.empty() : Optional.of(HexFormat.of().formatHex(hash)));
    }

    private static Gen<MessageContent> contents(EventId known) {
        return in -> {
            String text = text(in, 40);
            Optional<SafeHtml> html = html(in);
            List<Attachment> attachments = new ArrayList<>();
            long n = pick(in, 0, 3);
            for (int k = 0; k < n; k++) {
                attachments.add(attachment(in, k));
            }
            if (text.isEmpty() && html.isEmpty() && attachments.isEmpty()) {
                text = "x"; // an entirely empty message carries nothing and is refused on receipt
            }
            Optional<EventId> reply = pick(in, 0, 1) == 0 ? Optional.empty() : Optional.of(known);
            return new MessageContent(text, html, attachments, reply);
        };
    }

    @Test
    void messagesSurviveTheRoundTrip() {
        RoundTripTest.Gateway gw = new RoundTripTest.Gateway();
        MessageSent original = RoundTripTest.sent(MessageContent.text("the message replied to"));
        gw.roundTrip(original);
        qt().withExamples(300).forAll(contents(original.id())).checkAssert(c -> {
            MessageSent back = (MessageSent) gw.roundTrip(RoundTripTest.sent(c));
            assertThat(back.content()).isEqualTo(c);
        });
    }
}
