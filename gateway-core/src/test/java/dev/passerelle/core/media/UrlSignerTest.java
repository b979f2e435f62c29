package dev.passerelle.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

    private static final UrlSigner SIGNER = new UrlSigner(MediaFixture.KEY);
    private static final Instant EXPIRY = Instant.parse("2025-03-01T12:10:01Z");

    private static SignedMedia media(String source, String type) {
        return new SignedMedia(URI.create(source), MediaType.parse(type), EXPIRY);
    }

    @Test
    void aSignedTokenGivesBackItsGrant() {
        SignedMedia grant = media("mxc://matrix.example/AbC123?x=1#frag", "image/jpeg; name=\"a b.jpg\"");

        String token = SIGNER.sign(grant);

        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[0-9]+\\.[A-Za-z0-9_-]{43}");
        assertThat(SIGNER.verify(token)).isEqualTo(grant);
    }

    @Test
    void anotherKeyDoesNotVerify() {
        String token = SIGNER.sign(media("mxc://matrix.example/AbC123", "image/png"));

        assertThatThrownBy(() -> new UrlSigner(MediaFixture.key("another key")).verify(token))
                .isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.FORBIDDEN));
    }

    @Test
    void junkIsForbiddenNotACrash() {
        for (String junk : new String[] {"", ".", "...", "a.b.c.d", "%2e%2e", "a/b", "é.é.1.é", "x".repeat(5000)}) {
            assertThatThrownBy(() -> SIGNER.verify(junk)).as(junk)
                    .isInstanceOfSatisfying(MediaException.class,
                            e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.FORBIDDEN));
        }
    }

    @Property(tries = 300)
    void anySignedSourceRoundTrips(@ForAll("sources") String source, @ForAll @IntRange(min = 0, max = 2_000_000_000) int seconds) {
        SignedMedia grant = new SignedMedia(URI.create(source), MediaType.parse("application/pdf"),
                Instant.ofEpochSecond(seconds));

        assertThat(SIGNER.verify(SIGNER.sign(grant))).isEqualTo(grant);
    }

    @Property(tries = 500)
    void changingAnyCharacterOfATokenBreaksIt(@ForAll("sources") String source, @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll("tokenCharacters") char replacement) {
        String token = SIGNER.sign(new SignedMedia(URI.create(source), MediaType.parse("image/png"), EXPIRY));
        int at = where % token.length();
        String forged = token.substring(0, at) + replacement + token.substring(at + 1);
        if (forged.equals(token)) {
            return;
        }

        assertThatThrownBy(() -> SIGNER.verify(forged))
                .isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.FORBIDDEN));
    }

    @Property(tries = 100)
    void aGrantForOneSourceCannotBeMovedToAnother(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String a,
            @ForAll @AlphaChars @StringLength(min = 1, max = 30) String b) {
        if (a.equals(b)) {
            return;
        }
        String tokenA = SIGNER.sign(media("mxc://server/" + a, "image/png"));
        String tokenB = SIGNER.sign(media("mxc://server/" + b, "image/png"));
        String swapped = tokenB.substring(0, tokenB.indexOf('.')) + tokenA.substring(tokenA.indexOf('.'));

        assertThatThrownBy(() -> SIGNER.verify(swapped)).isInstanceOf(MediaException.class);
    }

    @Provide
    Arbitrary<String> sources() {
        Arbitrary<String> scheme = Arbitraries.of("mxc", "mimi", "test", "x-net");
        Arbitrary<String> path = Arbitraries.strings().withChars("abcXYZ019-._~/:@!$&'()*+,;=").ofMinLength(1)
                .ofMaxLength(60);
        return scheme.flatMap(s -> path.map(p -> s + "://host.example/" + p));
    }

    @Provide
    Arbitrary<Character> tokenCharacters() {
        return Arbitraries.chars().with("ABCxyz019-_.=/+é");
    }
}
