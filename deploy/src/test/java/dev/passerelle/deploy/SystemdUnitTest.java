package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** deploy/src/dist/passerelle.service: valid for systemd, and consistent with the launcher and docs/deploy.md. */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("src/dist/passerelle.service");
    private static final Path GUIDE = Path.of("../docs/deploy.md");

    @TempDir
    Path dir;

    /** The unit's [Service] directives (the last value of each, as systemd keeps for these). */
    private static Map<String, String> service() throws IOException {
        Map<String, String> directives = new LinkedHashMap<>();
        boolean inService = false;
        for (String line : Files.readAllLines(UNIT)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[")) {
                inService = trimmed.equals("[Service]");
            } else if (inService && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int equals = trimmed.indexOf('=');
                directives.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        }
        return directives;
    }

    @Test
    void runsTheInstalledLauncherOnTheConfigAsItsOwnUserInItsStateDirectory() throws Exception {
        Map<String, String> service = service();
        List<String> exec = Arrays.asList(service.get("ExecStart").split(" "));
        assertThat(exec.get(0)).isEqualTo("/opt/passerelle/bin/passerelle");
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(exec.subList(1, exec.size()).toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(parsed.subcommand().matchedOptionValue("--config", (Path) null))
                .isEqualTo(Path.of("/etc/passerelle/passerelle.yaml"));

        assertThat(service.get("User")).isEqualTo("passerelle").isNotEqualTo("root");
        assertThat(service.get("WorkingDirectory")).isEqualTo("/var/lib/" + service.get("StateDirectory"));
        assertThat(service.get("SuccessExitStatus")).as("the JVM's exit after SIGTERM").isEqualTo("143");
        assertThat(service.get("Restart")).isEqualTo("on-failure");
        assertThat(service).containsEntry("NoNewPrivileges", "yes").containsEntry("ProtectSystem", "strict")
                .doesNotContainKey("MemoryDenyWriteExecute");

        // The guide installs exactly what the unit runs.
        String guide = Files.readString(GUIDE);
        assertThat(guide).contains("sudo install -m 755 deploy/src/dist/passerelle /opt/passerelle/bin/passerelle",
                "sudo install -m 644 deploy/target/passerelle.jar /opt/passerelle/lib/passerelle.jar",
                "sudo install -m 644 deploy/src/dist/passerelle.service /etc/systemd/system/passerelle.service",
                "--home-dir /var/lib/passerelle");
    }

    @Test
    void systemdAcceptsEveryDirective() throws Exception {
        // systemd-analyze checks that ExecStart is executable: point it at the launcher in the checkout.
        Path copy = dir.resolve("passerelle.service");
        Files.writeString(copy, Files.readString(UNIT).replace("ExecStart=/opt/passerelle/bin/passerelle",
                "ExecStart=" + Path.of("src/dist/passerelle").toAbsolutePath()));
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", copy.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("systemd-analyze (Debian package systemd) is needed to check the unit", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as("systemd-analyze warnings (unknown or bad directives)").isBlank();
    }
}
