package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JdbcStoreConfigTest {

    @Test
    void h2FileIsDurableAndCompatibleWithTheMigrations() {
        JdbcStoreConfig config = JdbcStoreConfig.h2File(Path.of("/var/lib/passerelle"));

        assertThat(config.url()).startsWith("jdbc:h2:file:/var/lib/passerelle/passerelle;")
                .contains(";MODE=PostgreSQL", ";DATABASE_TO_LOWER=TRUE", ";DEFAULT_NULL_ORDERING=HIGH", ";WRITE_DELAY=0");
        assertThat(config.isH2()).isTrue();
        assertThat(config.poolSize()).isEqualTo(JdbcStoreConfig.DEFAULT_POOL_SIZE);
        assertThat(config.cacheSize()).isEqualTo(JdbcStoreConfig.DEFAULT_CACHE_SIZE);
    }

    @Test
    void h2FileResolvesRelativeDirectories() {
        JdbcStoreConfig config = JdbcStoreConfig.h2File(Path.of("data"));

        assertThat(config.url()).startsWith("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("passerelle") + ";");
    }

    @Test
    void h2FileRefusesPathsThatWouldEndTheUrl() {
        assertThatThrownBy(() -> JdbcStoreConfig.h2File(Path.of("/tmp/a;MODE=MySQL")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("';'");
        assertThatThrownBy(() -> JdbcStoreConfig.h2File(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void h2MemoryNamesAreChecked() {
        assertThat(JdbcStoreConfig.h2Memory("test-1_a").url()).startsWith("jdbc:h2:mem:test-1_a;MODE=PostgreSQL");
        assertThatThrownBy(() -> JdbcStoreConfig.h2Memory("a;b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a;b");
        assertThatThrownBy(() -> JdbcStoreConfig.h2Memory("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcStoreConfig.h2Memory(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsAreValidatedWithTheirNames() {
        String pg = "jdbc:postgresql://db.example/passerelle";
        assertThatThrownBy(() -> new JdbcStoreConfig(" ", "u", "p", 4, 10)).hasMessageContaining("url");
        assertThatThrownBy(() -> new JdbcStoreConfig(null, "u", "p", 4, 10)).hasMessageContaining("url");
        assertThatThrownBy(() -> new JdbcStoreConfig("jdbc:mysql://x/y", "u", "p", 4, 10))
                .hasMessageContaining("jdbc:h2:").hasMessageContaining("jdbc:mysql://x/y");
        assertThatThrownBy(() -> new JdbcStoreConfig(pg, null, "p", 4, 10)).hasMessageContaining("user");
        assertThatThrownBy(() -> new JdbcStoreConfig(pg, "u", null, 4, 10)).hasMessageContaining("password");
        assertThatThrownBy(() -> new JdbcStoreConfig(pg, "u", "p", 0, 10)).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> new JdbcStoreConfig(pg, "u", "p", 65, 10)).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> new JdbcStoreConfig(pg, "u", "p", 4, -1)).hasMessageContaining("cacheSize");
        JdbcStoreConfig ok = new JdbcStoreConfig(pg, "", "", 1, 0);
        assertThat(ok.isH2()).isFalse();
        assertThat(ok.withPoolSize(8).poolSize()).isEqualTo(8);
        assertThat(ok.withCacheSize(5).cacheSize()).isEqualTo(5);
        assertThat(ok.withPoolSize(8).url()).isEqualTo(pg);
    }

    @Test
    void passwordsAreNeverPrinted() {
        JdbcStoreConfig config = new JdbcStoreConfig("jdbc:postgresql://db.example/p?user=gw&password=s3cret&ssl=true",
                "gw", "hunter2", 4, 10);

        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("hunter2").contains("ssl=true");
        assertThat(config.redactedUrl()).isEqualTo("jdbc:postgresql://db.example/p?user=gw&password=***&ssl=true");
        assertThatThrownBy(() -> new JdbcStoreConfig("jdbc:oracle:thin:@x?password=s3cret", "u", "", 4, 10))
                .message().doesNotContain("s3cret");
    }
}
