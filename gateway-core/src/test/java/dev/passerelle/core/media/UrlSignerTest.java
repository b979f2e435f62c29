package dev.passerelle.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

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

    @Test
    void anySignedSourceRoundTrips() {
        qt().withExamples(300).forAll(sources(), integers().between(0, 2_000_000_000)).checkAssert((source, seconds) -> {
            SignedMedia grant = new SignedMedia(URI.create(source), MediaType.parse("application/pdf"),
                    Instant.ofEpochSecond(seconds));

            assertThat(SIGNER.verify(SIGNER.sign(grant))).isEqualTo(grant);
        });
    }

    @Test
    void changingAnyCharacterOfATokenBreaksIt() {
        qt().withExamples(500).forAll(sources(), integers().between(0, 10_000), Generate.pick(chars("ABCxyz019-_.=/+é")))
                .checkAssert((source, where, replacement) -> {
                    String token = SIGNER.sign(new SignedMedia(URI.create(source), MediaType.parse("image/png"), EXPIRY));
                    int at = where % token.length();
                    String forged = token.substring(0, at) + replacement + token.substring(at + 1);
                    if (forged.equals(token)) {
                        return;
                    }

                    assertThatThrownBy(() -> SIGNER.verify(forged))
                            .isInstanceOfSatisfying(MediaException.class,
                                    e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.FORBIDDEN));
                });
    }

    @Test
    void aGrantForOneSourceCannotBeMovedToAnother() {
        Gen<String> names = strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 30);
        qt().withExamples(100).forAll(names, names).assuming((a, b) -> !a.equals(b)).checkAssert((a, b) -> {
            String tokenA = SIGNER.sign(media("mxc://server/" + a, "image/png"));
            String tokenB = SIGNER.sign(media("mxc://server/" + b, "image/png"));
            String swapped = tokenB.substring(0, tokenB.indexOf('.')) + tokenA.substring(tokenA.indexOf('.'));

            assertThatThrownBy(() -> SIGNER.verify(swapped)).isInstanceOf(MediaException.class);
        });
    }

    private static Gen<String> sources() {
        Gen<String> scheme = Generate.pick(List.of("mxc", "mimi", "test", "x-net"));
        Gen<String> path = lists().of(Generate.pick(chars("abcXYZ019-._~/:@!$&'()*+,;="))).ofSizeBetween(1, 60)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
        return scheme.zip(path, (s, p) -> s + "://host.example/" + p);
    }

    private static List<Character> chars(String chars) {
        return chars.chars().mapToObj(c -> (char) c).collect(Collectors.toList());
    }
}
