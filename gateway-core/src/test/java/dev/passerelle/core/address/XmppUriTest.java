package dev.passerelle.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The xmpp: URI examples of RFC 5122. */
class XmppUriTest {
    private static final String NASTY_NODE = "nasty!#$%()*+,-.;=?[\\]^_`{|}~node";
    private static final String NASTY_NODE_URI = "xmpp:nasty!%23$%25()*+,-.;=%3F%5B%5C%5D%5E_%60%7B%7C%7D~node@example.com";
    private static final String REPULSIVE = "repulsive !#\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~resource";
    private static final String REPULSIVE_URI =
            "xmpp:node@example.com/repulsive%20!%23%22$%25&'()*+,-.%2F:;%3C=%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D~resource";

    @Test
    void parsesAndPrintsPlainJids() {
        assertThat(Addresses.parse("xmpp:node@example.com")).isEqualTo(Jid.of("node", "example.com"));
        assertThat(Addresses.parse("xmpp:example.com")).isEqualTo(Jid.ofDomain("example.com"));
        assertThat(Jid.parse("node@example.com/resource").toUri()).isEqualTo("xmpp:node@example.com/resource");
    }

    @Test
    void percentEncodesTheLocalpartAsTheRfcDoes() {
        Jid jid = Jid.of(NASTY_NODE, "example.com");
        assertThat(jid.toUri()).isEqualTo(NASTY_NODE_URI);
        assertThat(Addresses.parse(NASTY_NODE_URI)).isEqualTo(jid);
    }

    @Test
    void percentEncodesTheResourceAsTheRfcDoes() {
        Jid jid = Jid.of("node", "example.com").withResource(REPULSIVE);
        assertThat(jid.toUri()).isEqualTo(REPULSIVE_URI);
        assertThat(Addresses.parse(REPULSIVE_URI)).isEqualTo(jid);
    }

    @Test
    void encodesNonAsciiAsUtf8AndAcceptsTheIriForm() {
        Jid jid = Jid.parse("jiři@čechy.example/v Praze");
        assertThat(jid.toUri()).isEqualTo("xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze");
        assertThat(Addresses.parse("xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze")).isEqualTo(jid);
        assertThat(Addresses.parse("xmpp:jiři@čechy.example/v%20Praze")).isEqualTo(jid);
    }

    @Test
    void ignoresQueryAndFragmentAndTakesTheTargetAfterAnAuthority() {
        assertThat(Addresses.parse("xmpp:romeo@montague.net?message;subject=Test%20Message;body=Here%27s%20a%20test"))
                .isEqualTo(Jid.of("romeo", "montague.net"));
        assertThat(Addresses.parse("xmpp://guest@example.com/support@example.com?message"))
                .isEqualTo(Jid.of("support", "example.com"));
        assertThat(Addresses.parse("xmpp:a@example.com/r#frag")).isEqualTo(Jid.parse("a@example.com/r"));
    }

    @Test
    void normalisesWhatItParses() {
        assertThat(Addresses.parse("XMPP:Juliet@Example.COM")).isEqualTo(Jid.of("juliet", "example.com"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "xmpp://guest@example.com | uri",
        "xmpp:a%4@example.com | localpart",
        "xmpp:a%zz@example.com | localpart",
        "xmpp:a%40b@example.com | localpart",
        "xmpp:a%2Fb@example.com | localpart",
        "xmpp:%C3%28@example.com | localpart",
        "xmpp: | domainpart",
        "xmpp:a@ | domainpart",
        "xmpp:a@example.com%2Fx | domainpart",
        "xmpp:a@example.com/ | resourcepart",
        "xmpp:a@example.com/%00 | resourcepart"})
    void rejectsInvalidUrisNamingThePart(String uri, String part) {
        assertThatThrownBy(() -> Addresses.parse(uri))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo(part));
    }
}
