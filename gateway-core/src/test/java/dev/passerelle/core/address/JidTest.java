package dev.passerelle.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {

    /** The valid examples of RFC 7622 section 3.5 that do not depend on PRECIS's symbol rules. */
    @ParameterizedTest
    @ValueSource(strings = {"juliet@example.com", "juliet@example.com/foo", "juliet@example.com/foo bar",
        "juliet@example.com/foo@bar", "foo\\20bar@example.com", "fussball@example.com", "fußball@example.com",
        "π@example.com", "σ@example.com/foo", "ς@example.com/foo", "king@example.com/♚", "example.com",
        "example.com/foobar", "a.example.com/b@example.net"})
    void rfc7622ValidExamplesParseAndPrintUnchanged(String text) {
        assertThat(Jid.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void splitsAtTheFirstSlashThenTheFirstAt() {
        Jid jid = Jid.parse("a.example.com/b@example.net");
        assertThat(jid.localpart()).isEmpty();
        assertThat(jid.domainpart()).isEqualTo("a.example.com");
        assertThat(jid.resourcepart()).contains("b@example.net");
    }

    @Test
    void foldsTheLocalpartButKeepsTheResourceCase() {
        Jid jid = Jid.parse("Σ@Example.COM/Σ");
        assertThat(jid.localpart()).contains("σ");
        assertThat(jid.domainpart()).isEqualTo("example.com");
        assertThat(jid.resourcepart()).contains("Σ");
        assertThat(jid).isEqualTo(Jid.parse("σ@example.com/Σ")).isNotEqualTo(Jid.parse("σ@example.com/σ"));
    }

    @Test
    void mapsWidthAndCompatibilityFormsInTheLocalpart() {
        assertThat(Jid.parse("ＡＬＩＣＥ@example.com")).isEqualTo(Jid.of("alice", "example.com"));
        assertThat(Jid.parse("\uFB01nn@example.com").localpart()).contains("finn");
        assertThat(Jid.parse("\u212Aelvin@example.com").localpart()).contains("kelvin");
    }

    @Test
    void composesTheResourceToNfc() {
        assertThat(Jid.parse("a@example.com/caf" + "e\u0301").resourcepart()).contains("caf\u00e9");
    }

    @Test
    void dropsTheTrailingDotAndMapsIdeographicFullStops() {
        assertThat(Jid.parse("juliet@example.com.").domainpart()).isEqualTo("example.com");
        assertThat(Jid.parse("juliet@example\u3002com").domainpart()).isEqualTo("example.com");
    }

    @Test
    void acceptsIpLiteralsAndLowerCasesIdnDomains() {
        assertThat(Jid.parse("a@[2001:DB8::1]/r").domainpart()).isEqualTo("[2001:db8::1]");
        assertThat(Jid.parse("a@192.0.2.1").domainpart()).isEqualTo("192.0.2.1");
        assertThat(Jid.parse("a@BÜCHER.example").domainpart()).isEqualTo("bücher.example");
    }

    @Test
    void bareAndWithResource() {
        Jid full = Jid.parse("room@muc.example.org/Nick");
        assertThat(full.bare()).isEqualTo(Jid.of("room", "muc.example.org"));
        assertThat(full.bare().withResource("Nick")).isEqualTo(full);
        assertThat(Jid.ofDomain("Example.org")).isEqualTo(new Jid(Optional.empty(), "example.org", Optional.empty()));
    }

    /** The invalid examples of RFC 7622 section 3.5, and others, with the part each one gets wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"juliet\"@example.com | localpart",
        "foo bar@example.com | localpart",
        "@example.com/ | localpart",
        "a＠b@example.com | localpart",
        "a\u200Bb@example.com | localpart",
        "a\u3000b@example.com | localpart",
        "juliet@ | domainpart",
        "/foobar | domainpart",
        "node@/server | domainpart",
        "a@b@example.com | domainpart",
        "a@exa_mple.com | domainpart",
        "a@-example.com | domainpart",
        "a@example..com | domainpart",
        "a@[example.com] | domainpart",
        "a@[::1 | domainpart",
        "a@ex ample.com | domainpart",
        "juliet@example.com/ | resourcepart",
        "juliet@example.com/a\u0007b | resourcepart"})
    void rejectsInvalidJidsNamingThePart(String text, String part) {
        assertThatThrownBy(() -> Jid.parse(text))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo(part));
    }

    @Test
    void limitsEachPartTo1023Bytes() {
        String ok = "é".repeat(511);
        assertThat(Jid.of(ok + "a", "example.com").localpart()).contains(ok + "a");
        assertThatThrownBy(() -> Jid.of(ok + "é", "example.com"))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("localpart"))
                .hasMessageContaining("1024 bytes");
        assertThatThrownBy(() -> Jid.parse("a@example.com/" + "x".repeat(1024)))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("resourcepart"));
    }

    @Test
    void messagesSayWhy() {
        assertThatThrownBy(() -> Jid.parse("a<b@example.com")).hasMessage("localpart: must not contain U+003C '<'");
    }
}
