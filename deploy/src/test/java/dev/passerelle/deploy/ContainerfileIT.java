package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.passerelle.connector.dma.transport.MimiServerSettings;
import dev.passerelle.connector.matrix.appservice.AppServiceSettings;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/Containerfile against the build: no container engine runs where the tests do, so instead of building the
 * image this checks that what it copies is what {@code mvn package} made, and that its ports, entrypoint, command
 * and health check agree with the gateway's defaults and the launcher. An IT: the jar exists after {@code package}.
 */
class ContainerfileIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One instruction: its keyword and the rest of its (continued) line. */
    record Instruction(String keyword, String arguments) {
    }

    static List<Instruction> parse(String containerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : containerfile.split("\n")) {
            String trimmed = line.strip();
            if (current.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString();
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            current.setLength(0);
        }
        return instructions;
    }

    private static List<Instruction> runtimeStage() throws Exception {
        List<Instruction> all = parse(Files.readString(ROOT.resolve("deploy/Containerfile")));
        int lastFrom = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        assertThat(all).as("the Containerfile has a FROM").anyMatch(i -> i.keyword().equals("FROM"));
        return all.subList(lastFrom, all.size());
    }

    private static List<String> of(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    @Test
    void theRuntimeStageCopiesOnlyTheBuiltJarAndTheLauncherFromTheBuild() throws Exception {
        List<String> copies = of(runtimeStage(), "COPY");
        assertThat(copies).as("COPY instructions of the runtime stage").hasSize(2)
                .noneMatch(c -> c.startsWith("--from"));
        for (String copy : copies) {
            String source = copy.split("\\s+")[0];
            assertThat(ROOT.resolve(source)).as("COPY source " + source + " in the build output").isRegularFile();
        }
        assertThat(copies).contains("deploy/target/passerelle.jar /opt/passerelle/lib/passerelle.jar",
                "deploy/src/dist/passerelle /opt/passerelle/bin/passerelle");
        try (JarFile jar = new JarFile(ROOT.resolve("deploy/target/passerelle.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
        }
        // The launcher, installed in bin/, finds the jar in ../lib/.
        assertThat(Files.readString(ROOT.resolve("deploy/src/dist/passerelle"))).contains("\"$here/../lib/passerelle.jar\"");
    }

    @Test
    void portsAreTheDefaultsOfTheListeners() throws Exception {
        Set<Integer> exposed = of(runtimeStage(), "EXPOSE").stream().flatMap(e -> Arrays.stream(e.split("\\s+")))
                .map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
        GatewayConfig defaults = GatewayConfig.embeddedDefaults(new byte[32]);
        int mimi = MimiServerSettings.from(new ConfigSection("connectors.mimi.server",
                JsonNodeFactory.instance.objectNode())).port();
        assertThat(exposed).containsExactlyInAnyOrder(defaults.admin().port(), defaults.media().port(),
                AppServiceSettings.DEFAULT_PORT, mimi);

        String healthcheck = String.join(" ", of(runtimeStage(), "HEALTHCHECK"));
        assertThat(healthcheck).contains("/health/live", "${PASSERELLE_ADMIN_PORT:-" + defaults.admin().port() + "}",
                "Authorization: Bearer");
    }

    @Test
    void theLauncherIsTheEntrypointAndTheCommandRunsTheMountedConfigAsANonRootUser() throws Exception {
        List<Instruction> stage = runtimeStage();
        String[] entrypoint = JSON.readValue(of(stage, "ENTRYPOINT").get(0), String[].class);
        assertThat(entrypoint).containsExactly("/opt/passerelle/bin/passerelle");
        String[] command = JSON.readValue(of(stage, "CMD").get(0), String[].class);
        assertThat(command).containsExactly("run", "--config", "/etc/passerelle/passerelle.yaml");
        // The command line the image runs parses as the launcher's `run` with that config.
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(command);
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(parsed.subcommand().matchedOptionValue("--config", (Path) null))
                .isEqualTo(Path.of("/etc/passerelle/passerelle.yaml"));

        assertThat(of(stage, "USER")).hasSize(1);
        assertThat(of(stage, "USER").get(0)).doesNotStartWith("root").doesNotStartWith("0");
        assertThat(of(stage, "VOLUME")).containsExactly("/data");
        assertThat(of(stage, "WORKDIR")).containsExactly("/data");
    }
}
