package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.matrix.appservice.Registration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateRegistrationCommandTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private Path config(String yaml) throws Exception {
        return Cli.config(dir.resolve("passerelle.yaml"), yaml);
    }

    @Test
    void writesARegistrationForTheConfiguredGhostSpacesReadableByItsOwnerOnly() throws Exception {
        Path config = config("ghosts:\n  matrix-server: matrix.example.org\n  matrix-prefix: _gw_\n"
                + "connectors:\n  rec:\n    type: recording\n");
        Path output = dir.resolve("out/registration.yaml");

        int code = cli.run("generate-registration", "--config", config.toString(), "--url", "http://10.0.0.5:8010",
                "--id", "gw", "--output", output.toString());

        assertThat(code).as(cli.err.toString()).isZero();
        Registration registration = Registration.read(output);
        assertThat(registration.id()).isEqualTo("gw");
        assertThat(registration.url()).isEqualTo(URI.create("http://10.0.0.5:8010"));
        assertThat(registration.senderLocalpart()).isEqualTo("_gw_bot");
        assertThat(Pattern.matches(registration.userNamespaceRegex(), "@_gw_xalice=40example.org:matrix.example.org"))
                .isTrue();
        assertThat(Pattern.matches(registration.userNamespaceRegex(), "@alice:matrix.example.org")).isFalse();
        assertThat(Pattern.matches(registration.aliasNamespaceRegex(), "#_gw_xroom:matrix.example.org")).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output))).isEqualTo("rw-------");

        assertThat(cli.out.toString()).contains("Wrote " + output, "app_service_config_files", "as-token:", "hs-token:",
                "type: matrix")
                .as("the secrets stay in the file").doesNotContain(registration.asToken())
                .doesNotContain(registration.hsToken());
    }

    @Test
    void neverOverwritesAndMakesNewTokensEachTime() throws Exception {
        Path config = config("");
        Path first = dir.resolve("a.yaml");
        assertThat(cli.run("generate-registration", "-c", config.toString(), "--url", "http://localhost:8010",
                "-o", first.toString())).isZero();
        String written = Files.readString(first);

        assertThat(cli.run("generate-registration", "-c", config.toString(), "--url", "http://localhost:8010",
                "-o", first.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("already exists; not overwriting it");
        assertThat(Files.readString(first)).isEqualTo(written);

        Path second = dir.resolve("b.yaml");
        assertThat(cli.run("generate-registration", "-c", config.toString(), "--url", "http://localhost:8010",
                "-o", second.toString())).isZero();
        assertThat(Registration.read(second).hsToken()).isNotEqualTo(Registration.read(first).hsToken());
        assertThat(Registration.read(first).id()).isEqualTo("passerelle");
        assertThat(Registration.read(first).userNamespaceRegex()).isEqualTo("@_passerelle_.*:localhost");
    }

    @Test
    void usageAndConfigErrorsAreReported() throws Exception {
        assertThat(cli.run("generate-registration")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("Missing required option: '--url=URL'");

        Path bad = config("ghosts:\n  matrix-prefix: \"\"\n");
        assertThat(cli.run("generate-registration", "-c", bad.toString(), "--url", "http://localhost:8010",
                "-o", dir.resolve("x.yaml").toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("ghosts");
        assertThat(Files.exists(dir.resolve("x.yaml"))).isFalse();

        Path good = config("");
        assertThat(cli.run("generate-registration", "-c", good.toString(), "--url", "ftp://localhost",
                "-o", dir.resolve("y.yaml").toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("url must be an absolute http or https URL");
        assertThat(cli.run("generate-registration", "-c", dir.resolve("none.yaml").toString(), "--url",
                "http://localhost:8010")).isEqualTo(1);
        assertThat(cli.err.toString()).contains("no such file");
    }
}
