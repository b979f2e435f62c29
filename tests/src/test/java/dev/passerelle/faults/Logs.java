package dev.passerelle.faults;

import dev.passerelle.e2e.GatewayProcess;
import dev.passerelle.e2e.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Keeps the instances' logs of a test under target/faults-logs/ (the topology's directory is deleted). */
final class Logs {

    private static final java.util.regex.Pattern THREAD_STATE =
            java.util.regex.Pattern.compile("java.lang.Thread.State: (\\S+)");
    private static final java.util.regex.Pattern RETRYING =
            java.util.regex.Pattern.compile("Router - Delivery \\S+ to \\S+ failed \\d+ times");
    private static final java.util.regex.Pattern GATEWAY_FRAME =
            java.util.regex.Pattern.compile("at (dev\\.passerelle\\.\\S+)");

    private Logs() {
    }

    /**
     * The last {@code most} warnings and errors of an instance's log (with the restarts between them), for a failure
     * message: the kept logs stay on the machine that ran the test, the message goes wherever its output goes.
     */
    static String warnings(GatewayProcess p, int most) {
        if (p == null || !Files.exists(p.log())) {
            return "(no log)";
        }
        try (java.util.stream.Stream<String> lines = Files.lines(p.log())) {
            // The router's warnings about a delivery that keeps failing come by the hundred after a restart: they are
            // counted, so that the other warnings (a message dropped, a store error) stay in view.
            java.util.List<String> kept = new java.util.ArrayList<>();
            int retries = 0;
            for (String l : (Iterable<String>) lines::iterator) {
                if (RETRYING.matcher(l).find()) {
                    retries++;
                    continue;
                }
                if (l.startsWith("----") || l.contains(" WARN ") || l.contains(" ERROR ")) {
                    if (retries > 0) {
                        kept.add("(" + retries + " warnings of deliveries that keep failing)");
                        retries = 0;
                    }
                    kept.add(l);
                }
            }
            if (retries > 0) {
                kept.add("(" + retries + " warnings of deliveries that keep failing)");
            }
            java.util.List<String> last = kept.subList(Math.max(0, kept.size() - most), kept.size());
            return last.isEmpty() ? "(none)" : "    " + String.join("\n    ", last);
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * The threads of a live instance (jcmd Thread.print) written next to the kept logs, and a digest for a failure
     * message: each thread that is blocked or waiting inside the gateway's code, with its state and the gateway's
     * frame it waits in.
     */
    static String threads(GatewayProcess p, String test) {
        if (p == null || !p.isAlive()) {
            return "(not running)";
        }
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            dump.waitFor();
            Path dir = Files.createDirectories(Path.of("target", "faults-logs"));
            Files.writeString(dir.resolve(test + "-" + p.name() + "-threads.txt"), text);
            StringBuilder digest = new StringBuilder();
            for (String thread : text.split("\n\n")) {
                java.util.regex.Matcher state = THREAD_STATE.matcher(thread);
                java.util.regex.Matcher frame = GATEWAY_FRAME.matcher(thread);
                if (state.find() && !state.group(1).equals("RUNNABLE") && frame.find()) {
                    digest.append("    ").append(thread.lines().findFirst().orElse("").replaceAll(" #.*", ""))
                            .append(' ').append(state.group(1)).append(" in ").append(frame.group(1)).append('\n');
                }
            }
            return digest.length() == 0 ? "    (none waits in the gateway's code)" : digest.toString().stripTrailing();
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    static void keep(Topology t, String test) {
        for (GatewayProcess p : new GatewayProcess[] {t.instanceA(), t.instanceB()}) {
            if (p == null || !Files.exists(p.log())) {
                continue;
            }
            try {
                Path dir = Files.createDirectories(Path.of("target", "faults-logs"));
                Files.copy(p.log(), dir.resolve(test + "-" + p.name() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
