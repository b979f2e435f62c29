package dev.passerelle.deploy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine;

/** The passerelle command line as the tests run it, keeping what it printed; and config files for it to read. */
final class Cli {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs the command line with these arguments and returns its exit code. */
    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Writes a config at {@code file}: a valid media signing key, then {@code yaml}. */
    static Path config(Path file, String yaml) throws IOException {
        Files.writeString(file, "media:\n  signing-key: " + Base64.getEncoder().encodeToString(new byte[32]) + "\n"
                + yaml);
        return file;
    }
}
