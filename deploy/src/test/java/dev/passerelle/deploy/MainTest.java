package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class MainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path config(String yaml) throws Exception {
        Path file = dir.resolve("c" + System.nanoTime() + ".yaml");
        Files.writeString(file, "media:\n  signing-key: " + Base64.getEncoder().encodeToString(new byte[32]) + "\n" + yaml);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "init", "run", "check-config", "generate-registration"})
    void everyCommandHasHelpAndVersion(String command) {
        String[] help = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        assertThat(run(help)).isZero();
        assertThat(out.toString()).contains("Usage: passerelle" + (command.isEmpty() ? "" : " " + command));
        out.getBuffer().setLength(0);
        String[] version = command.isEmpty() ? new String[] {"--version"} : new String[] {command, "--version"};
        assertThat(run(version)).isZero();
        assertThat(out.toString()).startsWith("passerelle 0.").contains("Java 17", "Java ");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("a command is required");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("check-config")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
        assertThat(run("run", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void initWritesAConfigThatChecksOkAndNeverOverwrites() throws Exception {
        Path file = dir.resolve("etc/passerelle.yaml");
        assertThat(run("init", "--config", file.toString())).isZero();
        assertThat(out.toString()).contains("Wrote " + file);
        String first = Files.readString(file);
        assertThat(first).contains("signing-key: \"").doesNotContain("@SIGNING_KEY@");

        assertThat(run("check-config", file.toString())).isZero();
        assertThat(out.toString()).contains("OK: " + file);

        assertThat(run("init", "-c", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("already exists; not overwriting it");
        assertThat(Files.readString(file)).isEqualTo(first);

        Path other = dir.resolve("other.yaml");
        assertThat(run("init", "-c", other.toString())).isZero();
        assertThat(Files.readString(other)).as("a fresh signing key each time").isNotEqualTo(first);
    }

    @Test
    void checkConfigPrintsTheErrorWithItsKey() throws Exception {
        Path bad = config("router:\n  max-attempts: 0\n");
        assertThat(run("check-config", bad.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(bad + ": router.max-attempts: must be between 1 and 1000, was 0");
        assertThat(out.toString()).doesNotContain("OK");
    }

    @Test
    void checkConfigFindsConnectorTypesThroughTheServiceLoader() throws Exception {
        Path known = config("connectors:\n  rec:\n    type: recording\n");
        assertThat(run("check-config", known.toString())).isZero();

        Path unknown = config("connectors:\n  rec:\n    type: irc\n");
        assertThat(run("check-config", unknown.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("connectors.rec.type: unknown connector type 'irc' (available: ")
                .contains("recording");
    }

    @Test
    void theMatrixConnectorIsInstalled() throws Exception {
        Path matrix = config("connectors:\n  matrix:\n    type: matrix\n    homeserver-url: http://127.0.0.1:8448\n"
                + "    as-token: as-token-0123456789abcdef\n    hs-token: hs-token-0123456789abcdef\n");
        assertThat(run("check-config", matrix.toString())).isZero();
    }

    @Test
    void checkConfigChecksTheConnectorsOwnKeys() throws Exception {
        Path typo = config("connectors:\n  matrix:\n    type: matrix\n    homeserver-url: http://127.0.0.1:8448\n"
                + "    as-token: as-token-0123456789abcdef\n    hs-token: hs-token-0123456789abcdef\n"
                + "    listen-prot: 8010\n");
        assertThat(run("check-config", typo.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("connectors.matrix.listen-prot").doesNotContain("Exception");

        Path missing = config("connectors:\n  matrix:\n    type: matrix\n");
        assertThat(run("check-config", missing.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("connectors.matrix.homeserver-url");
    }

    @Test
    void aMissingFileIsAnErrorNotAStackTrace() {
        assertThat(run("check-config", dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such file").doesNotContain("Exception");
    }
}
