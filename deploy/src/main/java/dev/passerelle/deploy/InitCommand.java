package dev.passerelle.deploy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code passerelle init}: writes a commented default config with a fresh media signing key. */
@Command(name = "init",
        header = "Writes a commented default config file.",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Writes a commented default config file with a freshly generated media signing key. "
                + "Never overwrites an existing file.")
final class InitCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = ConfigFile.DEFAULT_NAME,
            description = "Where to write the config (default: ${DEFAULT-VALUE}).")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ConfigFile.writeNew(config, ConfigFile.template(ConfigFile.newSigningKey(new SecureRandom())), err,
                "init", "")) {
            return 1;
        }
        out.println("Wrote " + config + ". Edit it, then:");
        out.println("  passerelle check-config " + config);
        out.println("  passerelle run --config " + config);
        return 0;
    }
}
