package dev.passerelle.connector.dma.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.testing.Above;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("feature:mimi-message-status")
class MessageStatusReportTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] example() throws IOException {
        Path dir = Above.directory(Path.of("shared", "specs", "mimi"), "the MIMI drafts")
                .resolve("related").resolve("mimi-message-status");
        return Files.readAllBytes(dir.resolve("status.cbor"));
    }

    @Test
    void theDraftExampleDecodesToItsEdnValuesAndReencodesByteForByte() throws IOException {
        byte[] bytes = example();
        MessageStatusReport report = MessageStatusReport.decode(bytes);
        assertThat(report.statuses()).containsExactly(
                new MessageStatus(MessageId.ofHex("017ce54837404c3696e0c747b985cb172716d0ed0a3d249ca63ace7d82a096f4"),
                        MessageStatus.READ),
                new MessageStatus(MessageId.ofHex("015354973c2b65ca937bf1e035ae53a5ab80e947afa43d46920d4202e5cc0b27"),
                        MessageStatus.READ),
                new MessageStatus(MessageId.ofHex("018d825adf9f6be00dcafc5704c4102f5022e74219d0b603e4ba7622654042af"),
                        MessageStatus.UNREAD),
                new MessageStatus(MessageId.ofHex("01e59db8173939facc2c8a4a0f0ae8d0c7a11a81239626630c9464a8d6717a03"),
                        MessageStatus.EXPIRED));
        assertThat(report.encode()).isEqualTo(bytes);
    }

    @Test
    void aContentMessageIsNotAReportAndAReportIsNotAContentMessage() throws IOException {
        byte[] original = MimiExamples.example("examples-08", "original").cbor();
        assertThatThrownBy(() -> MessageStatusReport.decode(original)).isInstanceOf(ContentException.class)
                .hasMessageContaining("$[0]");
        assertThatThrownBy(() -> MimiContent.decode(example())).isInstanceOf(ContentException.class);
    }

    @Test
    void unknownStatusValuesUpTo255AreKept() {
        MessageId id = MessageId.of(new byte[32]);
        MessageStatusReport report = new MessageStatusReport(List.of(new MessageStatus(id, 7),
                new MessageStatus(id, 255)));
        assertThat(MessageStatusReport.decode(report.encode())).isEqualTo(report);
        assertThat(HEX.formatHex(MessageStatusReport.of(id, MessageStatus.ERROR).encode()))
                .isEqualTo("8182" + "5820" + "00".repeat(32) + "06");
        assertThat(MessageStatusReport.decode(HEX.parseHex("80")).statuses()).isEmpty();
    }

    @Test
    void refusalsNameTheFieldAndTheReason() {
        String id = "5820" + "11".repeat(32);
        assertRefused("a0", "$", "is an array");
        assertRefused("8102", "$[0]", "array of 2 items");
        assertRefused("8183" + id + "0000", "$[0]", "array of 2 items");
        assertRefused("818241" + "00" + "02", "$[0].messageId", "must have 32 bytes, got 1");
        assertRefused("818260" + "02", "$[0].messageId", "expected a byte string, got a text string");
        assertRefused("8182" + id + "20", "$[0].status", "expected an unsigned integer, got a negative integer");
        assertRefused("8182" + id + "190100", "$[0].status", "256 exceeds the maximum 255");
        assertRefused("8282" + id + "0282" + id + "f6", "$[1].status", "got null");
        // Not deterministic: a status written with a one-byte argument it does not need.
        assertRefused("8182" + id + "1802", "$[0][1]", "shortest");
        assertRefused("8182" + id + "02" + "00", "$", "trailing");
        assertRefused("8182" + id, "$[0][1]", "truncated");
        assertRefused("9f82" + id + "02ff", "$", "indefinite");
        assertRefused("818281" + id + "02", "$[0][0]", "");
    }

    @Test
    void valuesOutOfRangeAreRefusedWhenBuilt() {
        MessageId id = MessageId.of(new byte[32]);
        assertThatThrownBy(() -> new MessageStatus(id, 256)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..255");
        assertThatThrownBy(() -> new MessageStatus(id, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(String hex, String path, String reason) {
        assertThatThrownBy(() -> MessageStatusReport.decode(HEX.parseHex(hex)))
                .isInstanceOfSatisfying(ContentException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.reason()).containsIgnoringCase(reason);
                });
    }
}
