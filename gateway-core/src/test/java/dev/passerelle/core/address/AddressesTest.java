package dev.passerelle.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "xmpp:alice@example.org | XMPP",
        "matrix:u/alice:example.org | MATRIX",
        "matrix:roomid/abc:example.org | MATRIX",
        "mimi://example.org/u/alice | MIMI"})
    void dispatchesOnTheScheme(String uri, String network) {
        assertThat(Addresses.parse(uri).network().name()).isEqualTo(network);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.org/u/alice", "alice@example.org", ":alice", "mailto:alice@example.org",
        "xmpps:alice@example.org"})
    void rejectsOtherSchemes(String uri) {
        assertThatThrownBy(() -> Addresses.parse(uri))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("scheme"));
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> Addresses.parse(""))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.part()).isEqualTo("uri"));
    }
}
