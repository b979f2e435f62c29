package dev.passerelle.connector.dma.mls.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.passerelle.core.testing.Above;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ts-mls peer process ({@code tests/mls-interop/peer.mjs}) driven over newline-delimited JSON: one request,
 * one response, a failure for anything but {@code ok: true}.
 */
final class TsMlsPeer implements AutoCloseable {

    private static final long RESPONSE_TIMEOUT_SECONDS = 30;
    private static final String HOW_TO_INSTALL =
            "run scripts/test, or `npm ci` in tests/mls-interop, before the integration tests";

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader responses;
    private final Path stderr;
    // One reader thread so that a hung peer turns into a timeout rather than a stuck build.
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "ts-mls-peer-reader");
        thread.setDaemon(true);
        return thread;
    });

    private TsMlsPeer(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.responses = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the peer found under the repository root; fails with instructions when it cannot run. */
    static TsMlsPeer start() throws IOException {
        Path interop = interopDirectory();
        if (!Files.isDirectory(interop.resolve("node_modules").resolve("ts-mls"))) {
            throw new AssertionError(interop.resolve("node_modules") + " has no ts-mls: " + HOW_TO_INSTALL);
        }
        Path stderr = Files.createTempFile("ts-mls-peer", ".stderr");
        ProcessBuilder builder = new ProcessBuilder("node", interop.resolve("peer.mjs").toString())
                .directory(interop.toFile())
                .redirectError(stderr.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start `node` (Node 20 or later is needed): " + HOW_TO_INSTALL, e);
        }
        return new TsMlsPeer(process, stderr);
    }

    private static Path interopDirectory() {
        return Above.directory(Path.of("tests", "mls-interop"), "the ts-mls peer (tests/mls-interop/peer.mjs)");
    }

    /** A new request object for {@code cmd}, to fill in and pass to {@link #call}. */
    ObjectNode request(String cmd) {
        return json.createObjectNode().put("cmd", cmd);
    }

    /** A request for {@code cmd} on behalf of {@code client}. */
    ObjectNode request(String cmd, String client) {
        return request(cmd).put("client", client);
    }

    /** Sends {@code request} and returns its successful response; fails on an error, a timeout or an exit. */
    JsonNode call(ObjectNode request) {
        JsonNode response = exchange(request);
        if (!response.path("ok").asBoolean(false)) {
            throw new AssertionError("ts-mls refused " + request.path("cmd").asText() + ": "
                    + response.path("error").asText(response.toString()));
        }
        return response;
    }

    /** Sends {@code request}, which ts-mls must refuse, and returns the refusal. */
    JsonNode callExpectingError(ObjectNode request) {
        JsonNode response = exchange(request);
        if (response.path("ok").asBoolean(true)) {
            throw new AssertionError("ts-mls accepted " + request.path("cmd").asText() + ": " + response);
        }
        return response;
    }

    private JsonNode exchange(ObjectNode request) {
        String cmd = request.path("cmd").asText();
        try {
            requests.write(json.writeValueAsString(request));
            requests.write('\n');
            requests.flush();
            Future<String> line = reader.submit(responses::readLine);
            String text = line.get(RESPONSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("the ts-mls peer ended during " + cmd + "; stderr:\n" + stderrText());
            }
            return json.readTree(text);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer from the ts-mls peer to " + cmd + " within "
                    + RESPONSE_TIMEOUT_SECONDS + " s; stderr:\n" + stderrText(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + cmd, e);
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("talking to the ts-mls peer failed during " + cmd + "; stderr:\n"
                    + stderrText(), e);
        }
    }

    /** The binary field {@code field} of a response. */
    static byte[] bytes(JsonNode response, String field) {
        JsonNode value = response.get(field);
        if (value == null || !value.isTextual()) {
            throw new AssertionError("response has no hex field " + field + ": " + response);
        }
        return HexFormat.of().parseHex(value.asText());
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private String stderrText() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (process.isAlive()) {
                requests.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            reader.shutdownNow();
            Files.deleteIfExists(stderr);
        }
    }
}
