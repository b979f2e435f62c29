package dev.passerelle.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** MIMI user and room URIs, with the identifiers used in the MIMI drafts. */
class MimiAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"mimi://example.com/u/alice-smith", "mimi://example.com/r/engineering_team",
        "mimi://a.example/u/alice", "mimi://a.example/r/clubhouse", "mimi://hub.example/r/Rl33FWLCYWOwxHrYnpWDQg"})
    void draftExamplesParseAndPrintUnchanged(String uri) {
        assertThat(Addresses.parse(uri).toUri()).isEqualTo(uri);
    }

    @Test
    void parsesIntoTheRightType() {
        assertThat(Addresses.parse("mimi://example.com/u/alice-smith"))
                .isEqualTo(new MimiUserUri("example.com", "alice-smith"));
        assertThat(Addresses.parse("mimi://example.com/r/engineering_team"))
                .isEqualTo(new MimiRoomUri("example.com", "engineering_team"));
    }

    @Test
    void lowerCasesTheProviderButKeepsTheName() {
        MimiUserUri user = (MimiUserUri) Addresses.parse("MIMI://Example.COM/u/Alice");
        assertThat(user).isEqualTo(new MimiUserUri("example.com", "Alice"));
        assertThat(user).isNotEqualTo(new MimiUserUri("example.com", "alice"));
    }

    @Test
    void percentEncodesTheNameAsOnePathSegment() {
        MimiRoomUri room = new MimiRoomUri("a.example", "Jane's room/2 ☕");
        assertThat(room.toUri()).isEqualTo("mimi://a.example/r/Jane%27s%20room%2F2%20%E2%98%95");
        assertThat(Addresses.parse(room.toUri())).isEqualTo(room);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mimi://a.example/d/ClientA1 | uri",
        "mimi://a.example/g/clubhouse | uri",
        "mimi://a.example | uri",
        "mimi:a.example/u/alice | uri",
        "mimi://a.example/u/alice?x=1 | uri",
        "mimi://a.example/u/alice#f | uri",
        "mimi://a.example/u/ | user",
        "mimi://a.example/r/ | room",
        "mimi://a.example/u/a/b | user",
        "mimi://a.example/r/%E2%28 | room",
        "mimi:///u/alice | provider",
        "mimi://a_b.example/u/alice | provider",
        "mimi://user@a.example/u/alice | provider",
        "mimi://a.example:443/u/alice | provider",
        "mimi://bücher.example/u/alice | provider",
        "mimi://-a.example/u/alice | provider"})
    void rejectsInvalidUrisNamingThePart(String uri, String part) {
        assertThatThrownBy(() -> Addresses.parse(uri))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo(part));
    }
}
