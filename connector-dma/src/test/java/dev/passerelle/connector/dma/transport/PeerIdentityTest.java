package dev.passerelle.connector.dma.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.testca.TestCa;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("feature:mimi-transport")
class PeerIdentityTest {

    @TempDir
    Path dir;

    TestCa ca;

    @BeforeEach
    void makeCa() {
        ca = TestCa.create(dir, "Identity CA");
    }

    private java.security.cert.X509Certificate cert(String... dns) {
        Instant now = Instant.now();
        return ca.issue("subject.example", List.of(dns), now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
                .certificate();
    }

    @Test
    void dnsIdsAreTheSanDnsNamesInLowerCase() {
        assertThat(PeerIdentity.dnsIds(cert("A.Test", "mimi.a.test."))).containsExactly("a.test", "mimi.a.test");
    }

    @Test
    void aCommonNameOnlyCertificateNamesNobody() {
        java.security.cert.X509Certificate leaf = ca.issueCommonNameOnly("a.test").certificate();
        assertThat(PeerIdentity.dnsIds(leaf)).isEmpty();
        assertThat(PeerIdentity.matchingDomain(leaf, "a.test")).isEmpty();
    }

    @Test
    void matchingIsCaseInsensitiveAndReturnsTheNormalForm() {
        assertThat(PeerIdentity.matchingDomain(cert("a.test"), "A.TEST")).contains("a.test");
        assertThat(PeerIdentity.matchingDomain(cert("A.TEST"), "a.test.")).contains("a.test");
        assertThat(PeerIdentity.matchingDomain(cert("a.test"), "b.test")).isEmpty();
        assertThat(PeerIdentity.matchingDomain(cert("a.test"), "sub.a.test")).isEmpty();
    }

    @Test
    void internationalisedNamesCompareAsALabels() {
        // bücher.example in its A-label form
        java.security.cert.X509Certificate leaf = cert("xn--bcher-kva.example");
        assertThat(PeerIdentity.matchingDomain(leaf, "bücher.example")).contains("xn--bcher-kva.example");
        assertThat(PeerIdentity.matchingDomain(leaf, "XN--BCHER-KVA.example")).contains("xn--bcher-kva.example");
        assertThat(PeerIdentity.matchingDomain(leaf, "bucher.example")).isEmpty();
    }

    @Test
    void wildcardsAreRefusedUnlessAccepted() {
        java.security.cert.X509Certificate leaf = cert("*.hosting.example");
        assertThat(PeerIdentity.matchingDomain(leaf, "a.hosting.example")).isEmpty();
        assertThat(PeerIdentity.matchingDomain(leaf, "a.hosting.example", true)).contains("a.hosting.example");
    }

    @Test
    void anAcceptedWildcardMatchesOneLeftMostLabelOnly() {
        assertThat(PeerIdentity.matches("*.hosting.example", "a.hosting.example", true)).isTrue();
        assertThat(PeerIdentity.matches("*.hosting.example", "x.a.hosting.example", true)).isFalse();
        assertThat(PeerIdentity.matches("*.hosting.example", "hosting.example", true)).isFalse();
        assertThat(PeerIdentity.matches("*.example", "a.example", true)).isFalse();
        assertThat(PeerIdentity.matches("f*.hosting.example", "foo.hosting.example", true)).isFalse();
        assertThat(PeerIdentity.matches("a.*.example", "a.b.example", true)).isFalse();
        assertThat(PeerIdentity.matches("*.hosting.example", "xn--bcher-kva.hosting.example", true)).isFalse();
    }

    @Test
    void normalizeRefusesWhatIsNotAHostName() {
        assertThat(PeerIdentity.normalize("Bücher.Example.")).isEqualTo("xn--bcher-kva.example");
        assertThatThrownBy(() -> PeerIdentity.normalize("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerIdentity.normalize("*.a.test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerIdentity.normalize("a..test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerIdentity.normalize("a_b.test")).isInstanceOf(IllegalArgumentException.class);
    }
}
