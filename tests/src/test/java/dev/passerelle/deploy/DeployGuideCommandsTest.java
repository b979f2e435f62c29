package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code passerelle} command line on docs/deploy.md (and README.md) parses with the real command line:
 * a renamed or removed subcommand or option fails here before a reader finds out.
 */
class DeployGuideCommandsTest {

    private static final Pattern INVOCATION = Pattern.compile("(?:^|[\\s;&(])(?:\\S*/)?bin/passerelle\\s+([^|&>;]*)");

    /** The arguments of every launcher invocation in the fenced shell blocks of a Markdown page. */
    static List<String[]> invocations(String markdown) {
        List<String[]> found = new ArrayList<>();
        Matcher blocks = Pattern.compile("```sh\\n(.*?)\\n```", Pattern.DOTALL).matcher(markdown);
        while (blocks.find()) {
            String joined = blocks.group(1).replaceAll("\\\\\\n\\s*", " ");
            for (String line : joined.split("\n")) {
                // What the shell does first: drop the comment, fill in the variables (all ports in the guide).
                String expanded = line.replaceAll("\\s+#.*$", "").replaceAll("\\$[A-Z_]+", "8010");
                Matcher m = INVOCATION.matcher(expanded);
                while (m.find()) {
                    found.add(Arrays.stream(m.group(1).trim().split("\\s+")).filter(a -> !a.isEmpty())
                            .toArray(String[]::new));
                }
            }
        }
        return found;
    }

    @Test
    void everyLauncherCommandOnTheDeployPageAndTheReadmeParses() throws Exception {
        List<String[]> commands = new ArrayList<>(invocations(Files.readString(Path.of("../docs/deploy.md"))));
        commands.addAll(invocations(Files.readString(Path.of("../README.md"))));
        assertThat(commands).as("passerelle commands found").hasSizeGreaterThan(8);
        for (String[] args : commands) {
            assertThatCode(() -> Main.commandLine().parseArgs(args)).as(String.join(" ", args))
                    .doesNotThrowAnyException();
            assertThat(Main.commandLine().parseArgs(args).hasSubcommand()).as(String.join(" ", args)).isTrue();
        }
    }

    @Test
    void everyAdminPathOnTheDeployPageIsInTheAdminApiDescription() throws Exception {
        String guide = Files.readString(Path.of("../docs/deploy.md"));
        String api = Files.readString(Path.of("../docs/admin-api.yaml"));
        Matcher paths = Pattern.compile("/(?:api/v1/[A-Za-z0-9/{}<>._-]*[A-Za-z0-9}>]|health/live|health|metrics)"
                + "(?![A-Za-z0-9/{}<>._-])")
                .matcher(guide);
        List<String> checked = new ArrayList<>();
        while (paths.find()) {
            // The page writes a placeholder as <id>; the description as {id}.
            String path = paths.group().replaceAll("<([a-z]+)>", "{$1}");
            assertThat(api).as("docs/admin-api.yaml describes " + path).contains("\n  " + path + ":\n");
            checked.add(path);
        }
        assertThat(checked).contains("/api/v1/links", "/api/v1/links/{id}", "/api/v1/dead-letters/{seq}/retry",
                "/health", "/health/live", "/metrics");
    }

    @Test
    void aWrongOptionIsCaught() {
        // Guards the test above: the extraction finds the command, and picocli refuses what does not exist.
        List<String[]> found = invocations("```sh\nsudo deploy/bin/passerelle generate-registration \\\n"
                + "    --config x.yaml --uri http://h:$PORT > out   # a comment\n```\n");
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).containsExactly("generate-registration", "--config", "x.yaml", "--uri", "http://h:8010");
        assertThatThrownBy(() -> Main.commandLine().parseArgs(found.get(0)))
                .isInstanceOf(picocli.CommandLine.ParameterException.class).hasMessageContaining("--url");
    }
}
