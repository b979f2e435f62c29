package dev.passerelle.deploy;

import dev.passerelle.connector.matrix.appservice.Registration;
import dev.passerelle.core.config.ConnectorConfig;
import dev.passerelle.core.config.GatewayConfig;
import dev.passerelle.core.ghost.GhostSpaces;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passerelle generate-registration}: writes the Matrix appservice registration file for the
 * homeserver, from the ghost spaces of the gateway's config and fresh random tokens.
 */
@Command(name = "generate-registration",
        header = "Writes the Matrix appservice registration file for the homeserver.",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Writes the registration file a Matrix homeserver needs to let the gateway in as an "
                + "Application Service: its id and URL, two fresh random tokens (as_token, hs_token: 256 bits "
                + "each), the bot user <matrix-prefix>bot, and the exclusive namespaces of the ghosts "
                + "(@<matrix-prefix>.*:<matrix-server>) and the portal aliases (#<matrix-prefix>.*:<matrix-server>), "
                + "both taken from the config's `ghosts` section. Ephemeral events (typing, receipts, presence) "
                + "are on, rate limiting is off.",
            "The file is readable by its owner only and is never overwritten.",
            "Then: give the file to the homeserver (Synapse: list it under app_service_config_files in "
                + "homeserver.yaml) and restart it; copy the file's as_token and hs_token into the Matrix "
                + "connector's section of the gateway config, as `as-token` and `hs-token`. The tokens are "
                + "not printed, to keep them out of terminal logs."})
final class GenerateRegistrationCommand implements Callable<Integer> {

    /** The id a homeserver knows the gateway by unless told otherwise. */
    static final String DEFAULT_ID = "passerelle";
    static final String DEFAULT_OUTPUT = "passerelle-registration.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = ConfigFile.DEFAULT_NAME,
            description = "The gateway config to read the Matrix server name and ghost prefix from "
                    + "(default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--url", paramLabel = "URL", required = true,
            description = "Where the homeserver reaches the gateway's appservice listener "
                    + "(the Matrix connector's listen-host and listen-port), e.g. http://127.0.0.1:8010.")
    URI url;

    @Option(names = "--id", paramLabel = "ID", defaultValue = DEFAULT_ID,
            description = "The appservice id, unique on the homeserver and never changed afterwards "
                    + "(default: ${DEFAULT-VALUE}).")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = DEFAULT_OUTPUT,
            description = "Where to write the registration (default: ${DEFAULT-VALUE}).")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig gateway = ConfigFile.load(config);
        GhostSpaces ghosts = gateway.ghosts();
        Registration registration;
        try {
            registration = Registration.generate(id, url, ghosts.matrixServer(), ghosts.matrixPrefix(),
                    new SecureRandom());
        } catch (IllegalArgumentException e) {
            err.println("passerelle generate-registration: " + e.getMessage());
            return 1;
        }
        if (!ConfigFile.writeNew(output, registration.toYaml(), err, "generate-registration",
                " (the homeserver and the gateway must keep the tokens they share)")) {
            return 1;
        }
        String connector = gateway.connectors().values().stream()
                .filter(c -> c.type().equals("matrix")).map(ConnectorConfig::name).findFirst().orElse("matrix");
        out.println("Wrote " + output + " for the users @" + ghosts.matrixPrefix() + "*:" + ghosts.matrixServer()
                + " and the aliases #" + ghosts.matrixPrefix() + "*:" + ghosts.matrixServer() + ".");
        out.println("1. Give it to the homeserver (Synapse: add it to app_service_config_files in homeserver.yaml)"
                + " and restart the homeserver.");
        out.println("2. Copy its as_token and hs_token into " + config + ":");
        out.println("     connectors:");
        out.println("       " + connector + ":");
        out.println("         type: matrix");
        out.println("         as-token: <as_token from " + output + ">");
        out.println("         hs-token: <hs_token from " + output + ">");
        out.println("   and make the connector listen where " + url + " points.");
        return 0;
    }
}
