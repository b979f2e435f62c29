package dev.passerelle.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Passerelle instance run from the distribution: {@code deploy/bin/passerelle run --config FILE} on
 * {@code deploy/target/passerelle.jar}, in its own process, with its output in a log file. It can be killed with
 * SIGKILL and started again on the same config and data, and its admin API and {@code /metrics} read.
 */
public final class GatewayProcess implements AutoCloseable {

    /** The admin token every instance started here is configured with. */
    public static final String ADMIN_TOKEN = "e2e-admin-token-0123456789";

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("deploy/bin/passerelle");
    private static final Path JAR = ROOT.resolve("deploy/target/passerelle.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String name;
    private final Path dir;
    private final Path config;
    private final int adminPort;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int starts;

    private GatewayProcess(String name, Path dir, Path config, int adminPort, Map<String, String> env) {
        this.name = name;
        this.dir = dir;
        this.config = config;
        this.adminPort = adminPort;
        this.env = Map.copyOf(env);
    }

    /**
     * Writes {@code configYaml} to {@code dir/<name>.yaml} and starts the instance on it, waiting until its admin
     * listener answers {@code /health/live}. The config must set {@code admin.port} to {@code adminPort} and
     * {@code admin.token} to {@link #ADMIN_TOKEN}.
     */
    public static GatewayProcess start(String name, Path dir, int adminPort, String configYaml) {
        return start(name, dir, adminPort, configYaml, Map.of());
    }

    /** As {@link #start(String, Path, int, String)}, with extra environment variables for the launcher. */
    public static GatewayProcess start(String name, Path dir, int adminPort, String configYaml,
            Map<String, String> env) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build it first (mvn -B package -pl deploy -am)");
        }
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve(name + ".yaml");
            Files.writeString(config, configYaml);
            GatewayProcess p = new GatewayProcess(name, dir, config, adminPort, env);
            p.launch();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP port free on loopback at the time of the call. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() throws IOException {
        starts++;
        Path log = log();
        Files.writeString(log, "---- start " + starts + " ----\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(List.of(LAUNCHER.toString(), "run", "--config", config.toString()))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("PASSERELLE_JAR", JAR.toString());
        pb.environment().putIfAbsent("PASSERELLE_HEAP", "256m");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        process = pb.start();
        HttpRequest live = request("GET", "/health/live", null);
        // An instance that exits (a bad config, a port in use) fails the start at once, with its log.
        await("instance " + name + " answering /health/live").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !process.isAlive() || answersLive(live));
        if (!process.isAlive()) {
            throw new IllegalStateException("instance " + name + " exited with " + process.exitValue()
                    + "; its log:\n" + logText());
        }
    }

    private boolean answersLive(HttpRequest live) throws InterruptedException {
        try {
            return http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The instance's name (its config file is {@code <name>.yaml}). */
    public String name() {
        return name;
    }

    /** The admin listener's port. */
    public int adminPort() {
        return adminPort;
    }

    /** The launcher's process id (the JVM: the launcher execs it). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the instance with SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        waitExit();
    }

    /** Stops the instance with SIGTERM and waits for its clean shutdown; returns the exit code. */
    public int stop() {
        process.destroy();
        return waitExit();
    }

    /** Starts the instance again on the same config and data directory. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("instance " + name + " is still running; kill or stop it first");
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int waitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("instance " + name + " did not exit within 60 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code GET /health} answers 200 (the store and every connector ready). */
    public void awaitReady(Duration timeout) {
        HttpRequest health = request("GET", "/health", null);
        await("instance " + name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** An admin API call with the admin token; {@code json} is the body, or null for none. */
    public HttpResponse<String> admin(String method, String path, String json) {
        return send(request(method, path, json));
    }

    /** An admin API call without any token, as an outsider would make it. */
    public HttpResponse<String> adminWithoutToken(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The text of {@code GET /metrics}. */
    public String metrics() {
        HttpResponse<String> r = admin("GET", "/metrics", null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /**
     * The sum of every sample of the Prometheus metric {@code name} whose labels include all of {@code labels};
     * 0 when there is none.
     */
    public double metric(String name, Map<String, String> labels) {
        return sum(metrics(), name, labels);
    }

    /** {@link #metric} over an already fetched {@code /metrics} text. */
    public static double sum(String metricsText, String name, Map<String, String> labels) {
        double total = 0;
        Matcher m = SAMPLE.matcher(metricsText);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new java.util.HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    found.put(l.group(1), l.group(2));
                }
            }
            boolean match = labels.entrySet().stream().allMatch(e -> Objects.equals(found.get(e.getKey()),
                    e.getValue()));
            if (match) {
                total += Double.parseDouble(m.group(4));
            }
        }
        return total;
    }

    /** Everything the instance has written to its standard output and error, over all its starts. */
    public String logText() {
        try {
            return Files.readString(log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log file. */
    public Path log() {
        return dir.resolve(name + ".log");
    }

    private HttpRequest request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return b.build();
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("instance " + name + ": " + r.method() + " " + r.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
