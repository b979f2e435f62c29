package dev.passerelle.connector.dma.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.ConfigSection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("feature:mimi-transport")
class PeerTrustTest {

    @TempDir
    Path dir;

    TestCa ca;
    TestCa.Issued own;

    @BeforeEach
    void makeCa() {
        ca = TestCa.create(dir, "Trust CA");
        own = ca.issue("a.test");
    }

    private ConfigSection section(String yamlAsJson) throws Exception {
        return new ConfigSection("connectors.dma", new ObjectMapper().readTree(yamlAsJson));
    }

    private String files() {
        return "\"tls\":{\"cert\":\"" + own.certChain() + "\",\"key\":\"" + own.key() + "\"},";
    }

    @Test
    void settingsAreReadAndNormalised() throws Exception {
        String pin = ca.issue("b.test").spkiPin();
        TrustSettings s = TrustSettings.from(section("{" + files() + "\"trust\":{\"ca-bundle\":\"" + ca.caBundle()
                + "\",\"allowed-domains\":[\"B.test\",\"bücher.example\"],\"pinned-peers\":{\"b.test\":\"" + pin + "\"}}}"));
        assertThat(s.allowedDomains()).containsExactlyInAnyOrder("b.test", "xn--bcher-kva.example");
        assertThat(s.pinnedPeers()).containsEntry("b.test", pin);
        assertThat(s.allowAnyDomain()).isFalse();
        assertThat(s.acceptWildcardCertificates()).isFalse();
    }

    @Test
    void errorsNameTheKey() {
        String trust = "\"trust\":{\"ca-bundle\":\"" + ca.caBundle() + "\",";
        assertThatThrownBy(() -> TrustSettings.from(section("{" + files() + trust + "\"allowed-domains\":[\"*\"]}}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("connectors.dma.trust.allowed-domains:");
        assertThatThrownBy(() -> TrustSettings.from(section("{" + files() + trust
                + "\"allowed-domains\":[\"a.test\"],\"pinned-peers\":{\"b.test\":\"AAAA\"}}}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("connectors.dma.trust.pinned-peers.b.test:");
        assertThatThrownBy(() -> TrustSettings.from(section("{" + files() + trust
                + "\"pinned-peers\":{\"b.test\":\"" + own.spkiPin() + "\"}}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not one of connectors.dma.trust.allowed-domains");
        assertThatThrownBy(() -> TrustSettings.from(section("{" + trust + "\"allowed-domains\":[]}}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("connectors.dma.tls.cert:");
        assertThatThrownBy(() -> TrustSettings.from(section("{" + files() + "\"trust\":{\"ca-bundel\":\"x\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("connectors.dma.trust.ca-bundel:");
    }

    @Test
    void anOwnCertificateWithoutDnsNamesIsRefusedAtLoad() {
        TestCa.Issued cnOnly = ca.issueCommonNameOnly("a.test");
        assertThatThrownBy(() -> PeerTrust.load(new TrustSettings(cnOnly.certChain(), cnOnly.key(), ca.caBundle(),
                Set.of(), Map.of(), false, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls.cert");
    }

    @Test
    void aKeyThatIsNotPkcs8IsRefusedAtLoad() {
        assertThatThrownBy(() -> PeerTrust.load(new TrustSettings(own.certChain(), own.certChain(), ca.caBundle(),
                Set.of(), Map.of(), false, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls.key");
    }

    @Test
    void aClientNamingSeveralAllowedDomainsIsAmbiguous() {
        PeerTrust trust = PeerTrust.load(new TrustSettings(own.certChain(), own.key(), ca.caBundle(),
                Set.of("b.test", "c.test"), Map.of(), false, false));
        TestCa.Issued both = ca.issue("b.test", "c.test");
        assertThatThrownBy(() -> trust.identifyClient(List.of(both.certificate())))
                .isInstanceOf(PeerRefusedException.class)
                .satisfies(e -> assertThat(((PeerRefusedException) e).refusal()).isEqualTo(RefusalReason.AMBIGUOUS_PEER));
        assertThat(trust.identifyClient(List.of(ca.issue("c.test", "other.test").certificate()))).isEqualTo("c.test");
    }

    @Test
    void aWildcardClientIsKnownOnlyWhenWildcardsAreAccepted() {
        TestCa.Issued wildcard = ca.issue("*.hosting.test");
        PeerTrust strict = PeerTrust.load(new TrustSettings(own.certChain(), own.key(), ca.caBundle(),
                Set.of("b.hosting.test"), Map.of(), false, false));
        PeerTrust lenient = PeerTrust.load(new TrustSettings(own.certChain(), own.key(), ca.caBundle(),
                Set.of("b.hosting.test"), Map.of(), false, true));
        assertThatThrownBy(() -> strict.identifyClient(List.of(wildcard.certificate())))
                .isInstanceOf(PeerRefusedException.class);
        assertThat(lenient.identifyClient(List.of(wildcard.certificate()))).isEqualTo("b.hosting.test");
    }

    @Test
    void anyDomainTakesTheSingleDnsIdOfTheCertificate() {
        PeerTrust any = PeerTrust.load(new TrustSettings(own.certChain(), own.key(), ca.caBundle(),
                Set.of(), Map.of(), true, false));
        assertThat(any.identifyClient(List.of(ca.issue("Z.test").certificate()))).isEqualTo("z.test");
        assertThat(any.requireCallable("Elsewhere.test")).isEqualTo("elsewhere.test");
    }
}
