package dev.passerelle.deploy;

import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.GatewayConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code passerelle run}: starts the gateway and serves until SIGTERM or SIGINT. */
@Command(name = "run",
        header = "Starts the gateway and serves until SIGTERM.",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Starts the gateway: store, router, media service, connectors, admin listener.",
            "Without --config it runs on the embedded defaults: H2 store under ./data, admin listener on "
                + "127.0.0.1:8008, no connectors, and a random media signing key for this run only.",
            "Stops cleanly, in reverse order, on SIGTERM or Ctrl-C."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The config file (see `passerelle init`).")
    Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig settings;
        if (config == null) {
            settings = GatewayConfig.embeddedDefaults(ConfigFile.newSigningKey(new SecureRandom()));
            LOG.info("No config file: running on the embedded defaults (H2 store under {}, admin on {}:{}, no connectors)",
                    settings.dataDir().toAbsolutePath(), settings.admin().host(), settings.admin().port());
        } else {
            settings = ConfigFile.load(config);
            LOG.info("Config {} is valid", config.toAbsolutePath());
        }
        Gateway gateway = new Gateway(settings, ConnectorCatalog.load(), Clock.systemUTC());
        Thread hook = new Thread(gateway::stop, "passerelle-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            gateway.start();
        } catch (ConfigException e) {
            LOG.error("Start-up failed: config error: {}", e.getMessage());
            return abort(gateway, hook);
        } catch (Exception e) {
            LOG.error("Start-up failed", e);
            return abort(gateway, hook);
        }
        // Serve until the shutdown hook has stopped everything; the JVM then exits with the signal's status.
        gateway.awaitStopped();
        return 0;
    }

    /** Stops whatever did start, in reverse order, and reports failure. */
    private static int abort(Gateway gateway, Thread hook) {
        gateway.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (a signal arrived during start-up): the hook has run.
        }
        return 1;
    }
}
