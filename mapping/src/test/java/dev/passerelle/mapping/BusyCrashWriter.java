package dev.passerelle.mapping;

import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.StoredDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The child process of {@link H2CrashIT}, started on the same H2 file store again after each kill. First it checks
 * the store against what the earlier processes printed (every file named after the store's directory): each
 * delivery appended and not confirmed is pending, no confirmed one is, and the pending deliveries read the same
 * through the journal's query as through its count. It prints {@code check ok} or {@code check failed: ...} and,
 * with {@code --check-only} or after a failure, exits. Then three journal writers append events side by side,
 * each group commit also retrying one of their earlier deliveries (an UPDATE) and confirming others (DELETEs), while
 * a fourth thread prunes, as a gateway's journal does; each prints what its commit did once the commit returned,
 * until the process is killed.
 */
final class BusyCrashWriter {

    private BusyCrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        List<Path> earlier = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--check-only")) {
                earlier.add(Path.of(args[i]));
            }
        }
        boolean checkOnly = List.of(args).contains("--check-only");
        JdbcStore store;
        try {
            store = JdbcStore.open(JdbcStoreConfig.h2File(db), new SimpleMeterRegistry());
        } catch (RuntimeException e) {
            print("check failed: the store does not open: " + e);
            System.exit(3);
            return;
        }
        String problem;
        try {
            problem = check(store, earlier);
        } catch (RuntimeException e) {
            problem = "reading the journal failed: " + e;
        }
        print(problem == null ? "check ok" : "check failed: " + problem);
        if (problem != null || checkOnly) {
            System.exit(problem == null ? 0 : 3);
        }
        LinkId link = LinkId.random();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            Thread t = new Thread(() -> write(store, link, writer), "writer-" + w);
            t.start();
        }
        while (true) {
            store.journal().prune();
            Thread.sleep(200);
        }
    }

    private static void write(JdbcStore store, LinkId link, int writer) {
        ArrayDeque<Long> owed = new ArrayDeque<>();
        for (long i = 0; ; i++) {
            JournalBatch batch = StoreFixture.busyCommit("w" + writer + "-" + ProcessHandle.current().pid() + "-" + i,
                    link, owed);
            StringBuilder confirming = new StringBuilder("confirming");
            batch.done().forEach(d -> confirming.append(' ').append(d.seq()));
            // Printed before the commit: a kill right after it leaves these confirmed but not said so.
            print(confirming.toString());
            List<Long> appended = StoreFixture.appended(store.journal().write(batch));
            owed.addAll(appended);
            StringBuilder line = new StringBuilder("appended");
            appended.forEach(seq -> line.append(' ').append(seq));
            print(line.toString());
            print(confirming.toString().replace("confirming", "confirmed"));
        }
    }

    private static String check(JdbcStore store, List<Path> earlier) {
        Set<Long> appended = new HashSet<>();
        Set<Long> confirming = new HashSet<>();
        Set<Long> confirmed = new HashSet<>();
        for (Path file : earlier) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> lines = List.of(text.split("\n"));
            for (int n = 0; n < lines.size(); n++) {
                String l = lines.get(n);
                // A last line the kill cut short: its last number may be cut too. Deliveries being confirmed are
                // kept (a cut one only excuses a delivery more); what was appended or confirmed is left out.
                boolean cut = n == lines.size() - 1 && !text.endsWith("\n");
                if (cut && !l.startsWith("confirming")) {
                    continue;
                }
                String[] parts = l.split(" ");
                Set<Long> into = switch (parts[0]) {
                    case "appended" -> appended;
                    case "confirming" -> confirming;
                    case "confirmed" -> confirmed;
                    default -> null;
                };
                for (int i = 1; into != null && i < parts.length; i++) {
                    if (!parts[i].isEmpty()) {
                        into.add(Long.parseLong(parts[i]));
                    }
                }
            }
        }
        List<StoredDelivery> pending = store.journal().pending();
        long count = store.journal().pendingCount();
        if (pending.size() != count) {
            return "the journal reads " + pending.size() + " pending deliveries but counts " + count;
        }
        Set<Long> seqs = new HashSet<>();
        pending.forEach(d -> seqs.add(d.seq()));
        List<Long> lost = appended.stream().filter(s -> !confirming.contains(s) && !seqs.contains(s)).sorted()
                .limit(10).toList();
        List<Long> back = confirmed.stream().filter(seqs::contains).sorted().limit(10).toList();
        if (!lost.isEmpty() || !back.isEmpty()) {
            return "appended deliveries missing " + lost + ", confirmed deliveries pending again " + back + " (of "
                    + appended.size() + " appended, " + confirmed.size() + " confirmed)";
        }
        return null;
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
