package dev.passerelle.bench;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline of the memory and start-up benchmark: a JVM that starts Vert.x and one HTTP server and does nothing
 * else. It is run through deploy/bin/passerelle (so with the launcher's JVM options) as
 * {@code passerelle run --config FILE}, like the gateway, and listens on the config's first {@code port:}; it answers
 * every request with 200, and {@code /metrics} with its heap, classes and threads in Prometheus form, as the
 * gateway names them.
 */
public final class BareServer {
    private static final Pattern PORT = Pattern.compile("(?m)^\\s*port:\\s*(\\d+)\\s*$");

    private BareServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = -1;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--config")) {
                Matcher m = PORT.matcher(Files.readString(Path.of(args[i + 1])));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
        }
        if (port < 0) {
            throw new IllegalArgumentException("usage: BareServer run --config FILE (with a port: line)");
        }
        Vertx.vertx().createHttpServer().requestHandler(request -> {
            if (request.path().equals("/metrics")) {
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                request.response().end("jvm_memory_used_bytes{area=\"heap\"} " + heap.getUsed() + "\n"
                        + "jvm_memory_committed_bytes{area=\"heap\"} " + heap.getCommitted() + "\n"
                        + "jvm_classes_loaded_classes " + ManagementFactory.getClassLoadingMXBean()
                                .getLoadedClassCount() + "\n"
                        + "jvm_threads_live_threads " + ManagementFactory.getThreadMXBean().getThreadCount() + "\n");
            } else {
                request.response().end("ok");
            }
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }
}
