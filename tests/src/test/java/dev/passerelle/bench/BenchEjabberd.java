package dev.passerelle.bench;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The ejabberd a benchmark's gateway connects to as its component: the one named by
 * {@code -Dpasserelle.test.ejabberd} (as scripts/test passes it), or else the checkout's own servers, started with
 * {@code scripts/test-servers start} and stopped by {@link #close()}.
 */
public final class BenchEjabberd implements AutoCloseable {
    private static final Path SCRIPT = Path.of("..").toAbsolutePath().normalize().resolve("scripts/test-servers");

    private final XmppServer server;
    private final boolean own;

    private BenchEjabberd(XmppServer server, boolean own) {
        this.server = server;
        this.own = own;
    }

    public static BenchEjabberd start() throws IOException, InterruptedException {
        String given = System.getProperty(XmppServers.EJABBERD_PROPERTY);
        if (given != null && !given.isBlank() && !given.startsWith("${")) {
            return new BenchEjabberd(XmppServers.ejabberd(), false);
        }
        String out = run("start");
        for (String line : out.split("\n")) {
            // The script prints one -Dname=value per line on standard output.
            if (line.startsWith("-D") && line.contains("=")) {
                int eq = line.indexOf('=');
                System.setProperty(line.substring(2, eq), line.substring(eq + 1).trim());
            }
        }
        return new BenchEjabberd(XmppServers.ejabberd(), true);
    }

    public XmppServer server() {
        return server;
    }

    private static String run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(SCRIPT.toString(), command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(SCRIPT + " " + command + " failed; its output:\n" + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (own) {
            run("stop");
        }
    }
}
