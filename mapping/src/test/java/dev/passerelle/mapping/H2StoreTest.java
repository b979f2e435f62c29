package dev.passerelle.mapping;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded H2 file database, as the gateway runs it by default. */
class H2StoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    @Override
    JdbcStoreConfig newDatabase() {
        return JdbcStoreConfig.h2File(dataDir.resolve(UUID.randomUUID().toString()));
    }
}
