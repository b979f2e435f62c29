package dev.passerelle.deploy;

import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code passerelle check-config FILE}: validates the file as {@code run} would before starting
 * anything, and prints OK or the first error with its key.
 */
@Command(name = "check-config",
        header = "Validates a config file.",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Validates a config file: YAML syntax, every key and value of the core's sections, that "
                + "each connector's type is installed, and each connector's own keys (checked by that connector, "
                + "without connecting anywhere).",
            "Prints OK (exit 0) or the first error with its key's dotted path (exit 1)."})
final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The config file to check.")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            GatewayConfig config = ConfigFile.load(file);
            ConnectorCatalog catalog = ConnectorCatalog.load();
            config.connectors().values().forEach(c -> catalog.require(c).validate(c.section(), config.ghosts()));
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(file + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("OK: " + file);
        return 0;
    }
}
