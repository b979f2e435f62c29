package dev.passerelle.bench;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The XMPP server a benchmark's gateway connects to as its component (Prosody or ejabberd): the one named by its
 * system property ({@code -Dpasserelle.test.prosody} or {@code -Dpasserelle.test.ejabberd}, as scripts/test passes
 * them), or else the checkout's own servers, started with {@code scripts/test-servers start} and stopped by
 * {@link #close()}.
 */
public final class BenchXmpp implements AutoCloseable {
    private static final Path SCRIPT = Path.of("..").toAbsolutePath().normalize().resolve("scripts/test-servers");

    private final XmppServer server;
    private final boolean own;

    private BenchXmpp(XmppServer server, boolean own) {
        this.server = server;
        this.own = own;
    }

    /** The test Prosody. */
    public static BenchXmpp prosody() throws IOException, InterruptedException {
        return start(XmppServers.PROSODY_PROPERTY, XmppServers::prosody);
    }

    /** The test ejabberd. */
    public static BenchXmpp ejabberd() throws IOException, InterruptedException {
        return start(XmppServers.EJABBERD_PROPERTY, XmppServers::ejabberd);
    }

    private static BenchXmpp start(String property, java.util.function.Supplier<XmppServer> server)
            throws IOException, InterruptedException {
        String given = System.getProperty(property);
        if (given != null && !given.isBlank() && !given.startsWith("${")) {
            return new BenchXmpp(server.get(), false);
        }
        String out = run("start");
        for (String line : out.split("\n")) {
            // The script prints one -Dname=value per line on standard output.
            if (line.startsWith("-D") && line.contains("=")) {
                int eq = line.indexOf('=');
                System.setProperty(line.substring(2, eq), line.substring(eq + 1).trim());
            }
        }
        return new BenchXmpp(server.get(), true);
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
