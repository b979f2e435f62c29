package dev.passerelle.connector.matrix.homeserver;

import dev.passerelle.connector.matrix.appservice.Registration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * The stub homeserver as a program a person runs ({@code scripts/matrix-stub}): it serves one Matrix server name
 * on a loopback port, lets in the application service of a registration file written by
 * {@code passerelle generate-registration}, pushes to it, and serves {@link PersonRoutes} so that a person can
 * act as a native Matrix user with curl. Not a homeserver: state lives in memory and is gone when it stops.
 */
public final class StubHomeserverMain {

    /** The port when none is given: Synapse's client port 8008 is Passerelle's admin port. */
    public static final int DEFAULT_PORT = 8480;
    public static final String DEFAULT_SERVER_NAME = "localhost";

    private static final String USAGE = String.join("\n",
            "Usage: scripts/matrix-stub --registration FILE [--port PORT] [--server-name NAME]",
            "",
            "Runs a stub Matrix homeserver on 127.0.0.1:PORT (default " + DEFAULT_PORT + ") for the server name NAME",
            "(default " + DEFAULT_SERVER_NAME + "), with the application service of FILE (as written by",
            "`passerelle generate-registration`). Every request is checked against the Matrix spec. Act as a",
            "native user with the endpoints under /_stub/ (docs/deploy.md, \"Try it on one machine\").",
            "State is kept in memory only. Stop it with Ctrl-C.");

    private StubHomeserverMain() {
    }

    /** The parsed command line. */
    record Options(Path registration, int port, String serverName) {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("matrix-stub: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        StubHomeserver homeserver;
        try {
            homeserver = start(options.registration(), options.serverName(), options.port());
        } catch (RuntimeException e) {
            System.err.println("matrix-stub: " + e.getMessage());
            System.exit(1);
            return;
        }
        Registration registration = Registration.read(options.registration());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            homeserver.close();
            stopped.countDown();
        }, "matrix-stub-shutdown"));
        System.out.println("Matrix stub for " + homeserver.serverName() + " on " + homeserver.baseUrl()
                + "; application service " + registration.id() + " at " + registration.url()
                + ", bot " + homeserver.senderUserId() + ". Ctrl-C stops it.");
        stopped.await();
    }

    /** Null for {@code --help}; throws with the reason for a usage error. */
    static Options parse(String[] args) {
        Path registration = null;
        int port = DEFAULT_PORT;
        String serverName = DEFAULT_SERVER_NAME;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (option.equals("-h") || option.equals("--help")) {
                return null;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value"
                        : "unexpected argument " + option);
            }
            String value = rest.remove(0);
            switch (option) {
                case "--registration" -> registration = Path.of(value);
                case "--server-name" -> serverName = value;
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port: not a number: " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (registration == null) {
            throw new IllegalArgumentException("--registration FILE is required");
        }
        return new Options(registration, port, serverName);
    }

    /**
     * Starts the stub as {@code scripts/matrix-stub ARGS} run in {@code workingDirectory} would (a relative
     * {@code --registration} is read from there), in this JVM; throws {@link IllegalArgumentException} with the
     * reason for a usage error or {@code --help}.
     */
    public static StubHomeserver startFromCommandLine(Path workingDirectory, String... args) {
        Options options = parse(args);
        if (options == null) {
            throw new IllegalArgumentException("--help: nothing to start");
        }
        return start(workingDirectory.resolve(options.registration()), options.serverName(), options.port());
    }

    /**
     * Starts the stub for {@code serverName} on {@code port} (0: any free one) with the application service of the
     * registration file, and the person endpoints. Fails, naming the problem, when the file is missing or invalid
     * or its namespace is not on {@code serverName}.
     */
    public static StubHomeserver start(Path registrationFile, String serverName, int port) {
        if (!Files.isRegularFile(registrationFile)) {
            throw new IllegalArgumentException("no registration file " + registrationFile
                    + " (write one with: passerelle generate-registration --config passerelle.yaml --url URL)");
        }
        Registration registration = Registration.read(registrationFile);
        String bot = "@" + registration.senderLocalpart() + ":" + serverName;
        if (!Pattern.matches(registration.userNamespaceRegex(), bot)) {
            throw new IllegalArgumentException(registrationFile + ": its user namespace "
                    + registration.userNamespaceRegex() + " is not on the server name " + serverName
                    + " (set ghosts.matrix-server in the gateway's config, or give --server-name)");
        }
        StubHomeserver homeserver = StubHomeserver.start(serverName, registration.asToken(),
                registration.senderLocalpart(), port);
        // A homeserver keeps retrying a transaction; a few seconds are enough for a gateway being restarted.
        homeserver.retryPolicy(10, java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(2));
        homeserver.personRoutes(new PersonRoutes(homeserver, registration.url().toString(), registration.hsToken(),
                registration.userNamespaceRegex()));
        return homeserver;
    }
}
