package dev.passerelle.mapping;

import dev.passerelle.core.event.EventId;
import dev.passerelle.core.store.LinkId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/**
 * The child process of {@link H2KillTest}: appends to the journal of an H2 file store as fast as it can
 * and prints each event once its commit has returned, until it is killed.
 */
final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) {
        JdbcStore store = JdbcStore.open(JdbcStoreConfig.h2File(Path.of(args[0])), new SimpleMeterRegistry());
        LinkId link = LinkId.random();
        for (long i = 0; ; i++) {
            EventId event = EventId.random();
            store.journal().write(StoreFixture.appends(StoreFixture.append(event, "n" + i, link)));
            System.out.println("committed n" + i + " " + event);
            System.out.flush();
        }
    }
}
