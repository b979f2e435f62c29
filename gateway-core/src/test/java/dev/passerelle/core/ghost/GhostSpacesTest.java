package dev.passerelle.core.ghost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GhostSpacesTest {

    @Test
    void defaultsSuitALocalSetup() {
        GhostSpaces spaces = GhostSpaces.defaults();
        assertThat(spaces.xmppDomain()).isEqualTo("gw.localhost");
        assertThat(spaces.matrixServer()).isEqualTo("localhost");
        assertThat(spaces.matrixPrefix()).isEqualTo("_passerelle_");
        assertThat(spaces.mimiProvider()).isEqualTo("localhost");
    }

    @Test
    void normalisesDomainsAsTheAddressesDo() {
        GhostSpaces spaces = new GhostSpaces("GW.Example.ORG.", "Matrix.Example.org:8448", "bridge_", "Provider.Example");
        assertThat(spaces.xmppDomain()).isEqualTo("gw.example.org");
        assertThat(spaces.matrixServer()).isEqualTo("Matrix.Example.org:8448");
        assertThat(spaces.mimiProvider()).isEqualTo("provider.example");
    }

    @Test
    void namesTheBadSetting() {
        assertThatThrownBy(() -> new GhostSpaces("bad_domain", "localhost", "_p_", "localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xmppDomain 'bad_domain'");
        assertThatThrownBy(() -> new GhostSpaces("gw.localhost", "local host", "_p_", "localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matrixServer");
        assertThatThrownBy(() -> new GhostSpaces("gw.localhost", "localhost", "_p_", "bücher.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mimiProvider");
        assertThatThrownBy(() -> new GhostSpaces(null, "localhost", "_p_", "localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xmppDomain is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_Bridge_", "a:b", "a b", "é"})
    void refusesPrefixesOutsideTheMatrixGrammar(String prefix) {
        assertThatThrownBy(() -> new GhostSpaces("gw.localhost", "localhost", prefix, "localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matrixPrefix");
    }
}
