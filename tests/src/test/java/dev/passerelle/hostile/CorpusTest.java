package dev.passerelle.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The corpus itself: every file is a listed case, every case's payload reads, and descriptions expand. */
class CorpusTest {

    @Test
    void everyCorpusFileIsACaseAndEveryCasesPayloadExists() throws IOException, URISyntaxException {
        Path root = Path.of(CorpusTest.class.getResource("/hostile/" + Corpus.MANIFEST).toURI()).getParent();
        List<String> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.equals(Corpus.MANIFEST)).sorted().toList();
        }
        List<String> listed = Corpus.load().cases().stream().map(HostileCase::payload).distinct().sorted().toList();
        assertThat(listed).containsExactlyElementsOf(files);
    }

    @Test
    void aDescriptionExpandsToTheBytesItDescribes() {
        byte[] out = Payloads.expand("x.gen", ("# comment\ntext <a to='{{domain}}'>\nrepeat 3 text ab\n"
                + "repeat 2 hex ff00\ntext </a>\n").getBytes(StandardCharsets.UTF_8), Map.of("domain", "gw.test"));
        byte[] expected = ("<a to='gw.test'>ababab").getBytes(StandardCharsets.UTF_8);
        assertThat(out).startsWith(expected).endsWith("</a>".getBytes(StandardCharsets.UTF_8))
                .hasSize(expected.length + 4 + 4);
        assertThat(out[expected.length]).isEqualTo((byte) 0xff);
    }

    @Test
    void anUnknownPlaceholderOrItemIsRefusedWithItsLine() {
        assertThatThrownBy(() -> Payloads.expand("x.gen", "text {{nope}}\n".getBytes(StandardCharsets.UTF_8),
                Map.of())).hasMessageContaining("{{nope}}");
        assertThatThrownBy(() -> Payloads.expand("x.gen", "text a\nbytes 00\n".getBytes(StandardCharsets.UTF_8),
                Map.of())).hasMessageContaining("x.gen line 2");
    }

    @Test
    void theTenMebibyteStanzaIsGeneratedAtItsFullSize() {
        HostileCase huge = Corpus.load().cases().stream().filter(c -> c.payload().equals("xml/stanza-10mb.gen"))
                .findFirst().orElseThrow();
        assertThat(Corpus.payload(huge, Map.of("ghost", "g@gw.test", "domain", "gw.test")).length)
                .isGreaterThan(10 << 20);
    }

    @Test
    void aCaseThatDoesNotSayWhatMustComeBackIsRefused() {
        HostileCase.Expect none = new HostileCase.Expect(null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> new HostileCase("x", HostileCase.Surface.XMPP_STREAM, "xml/x.xml", null, none, "why"))
                .hasMessageContaining("x: an XMPP case expects a stream error or a stanza error");
        assertThatThrownBy(() -> new HostileCase("y", HostileCase.Surface.ADMIN, "json/y.json", null, none, "why"))
                .hasMessageContaining("y: an HTTP case expects a status");
        assertThatThrownBy(() -> new HostileCase("z", HostileCase.Surface.MIMI_CONTENT, "cbor/z.gen", "content",
                none, "why")).hasMessageContaining("z: a CBOR case expects the field path and the reason");
        assertThatThrownBy(() -> new HostileCase("w", HostileCase.Surface.APPSERVICE, "json/w.json", null,
                none, " ")).hasMessageContaining("w: every case says why");
    }
}
