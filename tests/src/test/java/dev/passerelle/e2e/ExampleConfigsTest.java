package dev.passerelle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.deploy.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every example config an operator copies passes {@code passerelle check-config}, as shipped. */
class ExampleConfigsTest {

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(ConfigTemplate.EXAMPLES)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).extracting(f -> f.getFileName().toString())
                    .contains("passerelle.yaml", "mimi-peer.yaml");
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void passesCheckConfig(Path example) {
        assertThat(checkConfig(example)).isEqualTo("0 OK: " + example);
    }

    @Test
    void checkConfigWouldCatchAWrongExample(@TempDir Path dir) throws IOException {
        // The same check on a copy with the XMPP component's domain changed: the check is real, not a formality.
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, ConfigTemplate.example("passerelle.yaml")
                .set("connectors.xmpp.component.domain", "other.example.org").yaml());
        assertThat(checkConfig(broken)).startsWith("1 ").contains("gw.example.org");
    }

    /** Runs the command as the launcher does; gives "exit-code output". */
    private static String checkConfig(Path file) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute("check-config", file.toString());
        return code + " " + out.toString().strip();
    }
}
