package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private Path config(String yaml) throws Exception {
        return Cli.config(dir.resolve("c" + System.nanoTime() + ".yaml"), yaml);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "init", "run", "check-config", "generate-registration"})
    void everyCommandHasHelpAndVersion(String command) {
        String[] help = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        assertThat(cli.run(help)).isZero();
        assertThat(cli.out.toString()).contains("Usage: passerelle" + (command.isEmpty() ? "" : " " + command));
        cli.out.getBuffer().setLength(0);
        String[] version = command.isEmpty() ? new String[] {"--version"} : new String[] {command, "--version"};
        assertThat(cli.run(version)).isZero();
        assertThat(cli.out.toString()).startsWith("passerelle 0.").contains("Java 17", "Java ");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(cli.run()).isEqualTo(2);
        assertThat(cli.err.toString()).contains("a command is required");
        assertThat(cli.run("frobnicate")).isEqualTo(2);
        assertThat(cli.run("check-config")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("Missing required parameter: 'FILE'");
        assertThat(cli.run("run", "--bogus")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void initWritesAConfigThatChecksOkAndNeverOverwrites() throws Exception {
        Path file = dir.resolve("etc/passerelle.yaml");
        assertThat(cli.run("init", "--config", file.toString())).isZero();
        assertThat(cli.out.toString()).contains("Wrote " + file);
        String first = Files.readString(file);
        assertThat(first).contains("signing-key: \"").doesNotContain("@SIGNING_KEY@");

        assertThat(cli.run("check-config", file.toString())).isZero();
        assertThat(cli.out.toString()).contains("OK: " + file);

        assertThat(cli.run("init", "-c", file.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("already exists; not overwriting it");
        assertThat(Files.readString(file)).isEqualTo(first);

        Path other = dir.resolve("other.yaml");
        assertThat(cli.run("init", "-c", other.toString())).isZero();
        assertThat(Files.readString(other)).as("a fresh signing key each time").isNotEqualTo(first);
    }

    @Test
    void checkConfigPrintsTheErrorWithItsKey() throws Exception {
        Path bad = config("router:\n  max-attempts: 0\n");
        assertThat(cli.run("check-config", bad.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains(bad + ": router.max-attempts: must be between 1 and 1000, was 0");
        assertThat(cli.out.toString()).doesNotContain("OK");
    }

    @Test
    void checkConfigFindsConnectorTypesThroughTheServiceLoader() throws Exception {
        Path known = config("connectors:\n  rec:\n    type: recording\n");
        assertThat(cli.run("check-config", known.toString())).isZero();

        Path unknown = config("connectors:\n  rec:\n    type: irc\n");
        assertThat(cli.run("check-config", unknown.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("connectors.rec.type: unknown connector type 'irc' (available: ")
                .contains("recording");
    }

    @Test
    void theMatrixConnectorIsInstalled() throws Exception {
        Path matrix = config("connectors:\n  matrix:\n    type: matrix\n    homeserver-url: http://127.0.0.1:8448\n"
                + "    as-token: as-token-0123456789abcdef\n    hs-token: hs-token-0123456789abcdef\n");
        assertThat(cli.run("check-config", matrix.toString())).isZero();
    }

    @Test
    void theDmaConnectorIsInstalledAndChecksItsProviderDomain() throws Exception {
        Path dma = config("ghosts:\n  mimi-provider: mimi.example.org\nconnectors:\n  dma:\n    type: dma\n"
                + "    provider: other.example.org\n    tls: {cert: c.pem, key: k.pem}\n    trust: {ca-bundle: ca.pem}\n");
        assertThat(cli.run("check-config", dma.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("connectors.dma.provider").contains("mimi.example.org")
                .doesNotContain("unknown connector type");
    }

    @Test
    void checkConfigChecksTheConnectorsOwnKeys() throws Exception {
        Path typo = config("connectors:\n  matrix:\n    type: matrix\n    homeserver-url: http://127.0.0.1:8448\n"
                + "    as-token: as-token-0123456789abcdef\n    hs-token: hs-token-0123456789abcdef\n"
                + "    listen-prot: 8010\n");
        assertThat(cli.run("check-config", typo.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("connectors.matrix.listen-prot").doesNotContain("Exception");

        Path missing = config("connectors:\n  matrix:\n    type: matrix\n");
        assertThat(cli.run("check-config", missing.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("connectors.matrix.homeserver-url");
    }

    @Test
    void aMissingFileIsAnErrorNotAStackTrace() {
        assertThat(cli.run("check-config", dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("no such file").doesNotContain("Exception");
    }
}
