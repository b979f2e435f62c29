package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 file store under WRITE_DELAY=0 as the gateway opens it, written as the journal writes it (one small
 * commit at a time, rows appended and rows updated): without housekeeping its chunks, which H2 keeps in the heap, pile
 * up with the commits; with a housekeeping round every so often their number stays bounded.
 */
class H2HousekeepingTest {

    private static final int COMMITS = 3_000;
    private static final int ROUND_EVERY = 100;

    @TempDir
    Path dir;

    @Test
    void withoutHousekeepingTheChunksGrowWithTheCommits() throws Exception {
        List<Integer> counts = write(dir.resolve("plain"), null);

        assertThat(counts.get(counts.size() - 1)).as("chunks after %d commits, by round: %s", COMMITS, counts)
                .isGreaterThan(4 * counts.get(2));
    }

    @Test
    void withHousekeepingTheChunksStayBoundedAndNothingIsLost() throws Exception {
        Path db = dir.resolve("kept");
        List<Integer> counts = write(db, "housekeeping");

        // The bound: after 3,000 commits hardly more chunks than after 300 (without rounds: 20 times as many).
        int early = counts.get(2);
        assertThat(counts.subList(3, counts.size())).as("chunks by round: %s", counts)
                .allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(Math.max(3 * early, 20)));
        try (Connection c = DriverManager.getConnection(JdbcStoreConfig.h2File(db).url(), "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM log), (SELECT n FROM tally)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as("rows appended").isEqualTo(COMMITS);
            assertThat(rs.getLong(2)).as("updates counted").isEqualTo(COMMITS);
        }
    }

    /**
     * Writes {@link #COMMITS} commits (a row appended, a row updated) to an H2 file store in {@code db}, a
     * housekeeping round every {@link #ROUND_EVERY} commits when {@code housekeeping} is not null; gives the number
     * of chunks after each round's worth of commits.
     */
    private static List<Integer> write(Path db, String housekeeping) throws SQLException {
        String url = JdbcStoreConfig.h2File(db).url();
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        source.setUser("sa");
        source.setPassword("");
        List<Integer> counts = new ArrayList<>();
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            // Chunks may be dropped as soon as nothing uses them: the test does not wait out H2's 45 s.
            s.execute("SET RETENTION_TIME 0");
            s.execute("CREATE TABLE log (id BIGINT PRIMARY KEY, body VARCHAR(200))");
            s.execute("CREATE TABLE tally (n BIGINT)");
            s.execute("INSERT INTO tally VALUES (0)");
            H2Housekeeping rounds = housekeeping == null ? null
                    : new H2Housekeeping(source, new SimpleMeterRegistry(),
                            new java.util.concurrent.locks.ReentrantLock());
            try (PreparedStatement append = c.prepareStatement("INSERT INTO log VALUES (?, ?)");
                    PreparedStatement bump = c.prepareStatement("UPDATE tally SET n = n + 1")) {
                for (int i = 1; i <= COMMITS; i++) {
                    append.setLong(1, i);
                    append.setString(2, "delivery " + i + " of a message that went to the other networks");
                    append.executeUpdate();
                    bump.executeUpdate();
                    if (i % ROUND_EVERY == 0) {
                        if (rounds != null) {
                            rounds.once();
                        }
                        counts.add(chunks(s));
                    }
                }
            }
        }
        return counts;
    }

    private static int chunks(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNK_COUNT'")) {
            assertThat(rs.next()).as("H2 reports info.CHUNK_COUNT").isTrue();
            return Integer.parseInt(rs.getString(1));
        }
    }
}
