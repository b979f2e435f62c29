package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a store is opened without running Flyway: only when its history says it is at this build's version. */
class SchemaTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

    @TempDir
    Path dataDir;

    @Test
    void theVersionIsTheNewestMigrationsSoANewMigrationIsNeverSkipped() throws IOException {
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = files.map(p -> MIGRATION.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertThat(Schema.VERSION).as("Schema.VERSION against db/migration").isEqualTo(newest);
    }

    @Test
    void aNewStoreIsNotCurrentAndAMigratedOneIs() {
        JdbcStoreConfig config = JdbcStoreConfig.h2File(dataDir);
        JdbcDataSource data = dataSource(config);
        assertThat(Schema.current(data)).as("before the first open").isFalse();
        JdbcStore.open(config, new SimpleMeterRegistry()).close();
        assertThat(Schema.current(data)).as("after it").isTrue();
    }

    @Test
    void aFailedOrNewerMigrationInTheHistoryIsLeftToFlyway() throws SQLException {
        JdbcStoreConfig config = JdbcStoreConfig.h2File(dataDir);
        JdbcStore.open(config, new SimpleMeterRegistry()).close();
        JdbcDataSource data = dataSource(config);
        // A later release's migration, applied by it to this store: Flyway, not this check, decides what to do.
        execute(data, "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
                + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
                + " VALUES (2, '" + (Schema.VERSION + 1) + "', 'later', 'SQL', 'V" + (Schema.VERSION + 1)
                + "__later.sql', 1, 'sa', 1, TRUE)");
        assertThat(Schema.current(data)).as("with a newer migration").isFalse();

        execute(data, "UPDATE \"flyway_schema_history\" SET \"version\" = '" + Schema.VERSION + "', \"success\" = FALSE"
                + " WHERE \"installed_rank\" = 2");
        assertThat(Schema.current(data)).as("with a failed migration").isFalse();
    }

    private static JdbcDataSource dataSource(JdbcStoreConfig config) {
        JdbcDataSource data = new JdbcDataSource();
        data.setURL(config.url());
        data.setUser(config.user());
        data.setPassword(config.password());
        return data;
    }

    private static void execute(JdbcDataSource data, String sql) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
