package dev.passerelle.deploy;

import dev.passerelle.core.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code passerelle} command: {@code init}, {@code run}, {@code check-config}, {@code generate-registration}. */
@Command(name = "passerelle",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Passerelle: a messaging gateway between XMPP, Matrix and MIMI.",
        subcommands = {InitCommand.class, RunCommand.class, CheckConfigCommand.class,
            GenerateRegistrationCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure (bad config, start-up error), 2 wrong usage."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its subcommands; errors are printed as one line, without a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::failure);
        return cli;
    }

    private static int failure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof ConfigException) {
            err.println("passerelle: config error: " + e.getMessage());
        } else {
            err.println("passerelle: " + e);
        }
        err.flush();
        return 1;
    }

    /** Without a subcommand: print the usage, as for a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: init, run, check-config or generate-registration");
    }
}
