package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.store.JournalResult;
import dev.passerelle.core.store.LinkId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.h2.store.fs.Recorder;
import org.h2.store.fs.rec.FilePathRec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 file store is written by busy journal writers while every write to its file is recorded (H2's own recording
 * file system); then the file is rebuilt as it stood after each of many of those writes, which is what a process
 * killed at that moment leaves, and each such file must open and read consistently: every pending delivery read
 * through the journal's join as through its count, and every delivery's event found through the event's primary key.
 * It is the kill of {@code H2CrashIT} at every write instead of a few random moments: with the writers' statements
 * side by side and only their commits one at a time (the store before {@code Database} took its write lock), 4 of 794
 * and 12 of 1,510 such files came back with deliveries whose event the primary key no longer found.
 */
class H2WriteBoundaryTest {

    private static final int WRITERS = 3;
    /** The journal is pruned, beside the writers, after every this many of their commits. */
    private static final int PRUNE_EVERY = 20;

    @TempDir
    Path dir;

    @Test
    void theFileAfterAnyWriteOfBusyJournalWritersOpensConsistent() throws Exception {
        List<Write> writes = record(Integer.getInteger("passerelle.test.h2-boundary.commits", 300));
        int points = Integer.getInteger("passerelle.test.h2-boundary.points", 300);
        List<String> damaged = new ArrayList<>();
        Path image = dir.resolve("image.mv.db");
        Files.deleteIfExists(image);
        int step = Math.max(1, writes.size() / points);
        int checked = 0;
        int withDeliveries = 0;
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                if (w.data == null) {
                    file.setLength(w.position);
                } else {
                    file.seek(w.position);
                    file.write(w.data);
                }
                if ((i + 1) % step == 0 || i == writes.size() - 1) {
                    Check check = check(image);
                    checked++;
                    if (check.deliveries() > 0) {
                        withDeliveries++;
                    }
                    if (check.problem() != null) {
                        damaged.add("after write " + i + " of " + writes.size() + ": " + check.problem());
                    }
                }
            }
        }
        assertThat(withDeliveries).as("files with journal rows to check, of %d", checked).isGreaterThan(checked / 2);
        assertThat(damaged).as("files as a kill after a write would leave them (%d checked)", checked).isEmpty();
    }

    /** A write of {@code data} at {@code position}, or a truncation to {@code position} if data is null. */
    private record Write(long position, byte[] data) {
    }

    /** What a file read: how many deliveries, and what is wrong with it (null if nothing). */
    private record Check(long deliveries, String problem) {
    }

    /**
     * Runs the writers on a recorded store, {@code commits} journal commits each, and gives every write and truncation
     * of its file.
     */
    private List<Write> record(int commits) throws Exception {
        List<Write> writes = new ArrayList<>();
        FilePathRec.register();
        FilePathRec.setRecorder(new Recorder() {
            @Override
            public synchronized void log(int op, String fileName, byte[] data, long x) {
                if (!fileName.endsWith(".mv.db")) {
                    return;
                }
                synchronized (writes) {
                    if (op == WRITE) {
                        writes.add(new Write(x, data));
                    } else if (op == TRUNCATE) {
                        writes.add(new Write(x, null));
                    }
                }
            }
        });
        Path db = dir.resolve("live");
        JdbcStoreConfig plain = JdbcStoreConfig.h2File(db);
        JdbcStoreConfig recorded = new JdbcStoreConfig(plain.url().replace("jdbc:h2:file:", "jdbc:h2:file:rec:"),
                plain.user(), plain.password(), plain.poolSize(), plain.cacheSize());
        JdbcStore store = JdbcStore.open(recorded, new SimpleMeterRegistry());
        List<Thread> threads = new ArrayList<>();
        Semaphore made = new Semaphore(0);
        LinkId link = LinkId.random();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread t = new Thread(() -> write(store, link, writer, commits, made), "writer-" + w);
            t.start();
            threads.add(t);
        }
        // A fourth writer, as the gateway's prune beside its journal writer.
        while (threads.stream().anyMatch(Thread::isAlive)) {
            if (made.tryAcquire(PRUNE_EVERY, 100, TimeUnit.MILLISECONDS)) {
                store.journal().prune();
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        synchronized (writes) {
            List<Write> copy = List.copyOf(writes);
            FilePathRec.setRecorder(null);
            store.close();
            return copy;
        }
    }

    /** {@code commits} group commits as the journal writer makes them, each released on {@code made} once made. */
    private static void write(JdbcStore store, LinkId link, int writer, int commits, Semaphore made) {
        ArrayDeque<Long> owed = new ArrayDeque<>();
        for (int i = 0; i < commits; i++) {
            JournalResult result = store.journal().write(StoreFixture.busyCommit("w" + writer + "-" + i, link, owed));
            owed.addAll(StoreFixture.appended(result));
            made.release();
        }
    }

    /** The store file {@code image} opened (and recovered, on a copy) and read. */
    private Check check(Path image) throws IOException {
        Path copy = dir.resolve("check.mv.db");
        Files.copy(image, copy, StandardCopyOption.REPLACE_EXISTING);
        String base = copy.toString().substring(0, copy.toString().length() - ".mv.db".length());
        String url = "jdbc:h2:file:" + base + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        JdbcStoreConfig config = JdbcStoreConfig.h2File(dir);
        try (Connection c = DriverManager.getConnection(url, config.user(), config.password());
                Statement s = c.createStatement()) {
            if (!tableExists(s)) {
                return new Check(0, null);
            }
            long joined = one(s, "SELECT COUNT(*) FROM delivery d JOIN journal_event e ON e.event_id = d.event_id"
                    + " WHERE d.status = 'PENDING'");
            long counted = one(s, "SELECT COUNT(*) FROM delivery WHERE status = 'PENDING'");
            long scanned = 0;
            try (ResultSet r = s.executeQuery("SELECT event_id FROM delivery")) {
                while (r.next()) {
                    scanned++;
                }
            }
            long orphans = one(s, "SELECT COUNT(*) FROM delivery d WHERE NOT EXISTS"
                    + " (SELECT 1 FROM journal_event e WHERE e.event_id = d.event_id)");
            long byIndex = one(s, "SELECT COUNT(*) FROM delivery d WHERE d.event_id IN"
                    + " (SELECT event_id FROM journal_event)");
            s.execute("SHUTDOWN IMMEDIATELY");
            if (joined != counted || orphans != 0 || byIndex + orphans != scanned) {
                return new Check(scanned, "pending joined " + joined + ", counted " + counted + "; deliveries "
                        + scanned + ", without their event " + orphans + ", found by event " + byIndex);
            }
            return new Check(scanned, null);
        } catch (SQLException e) {
            return new Check(0, e.toString());
        }
    }

    private static boolean tableExists(Statement s) throws SQLException {
        return one(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'delivery'") > 0;
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
