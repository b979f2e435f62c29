package dev.passerelle.core.router;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.spi.EventSink.Accepted;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The router as its own process, for the kill test: an XMPP test source sends {@code total} messages
 * over {@code conversations} linked conversations to Matrix and MIMI test targets, over an H2 file store.
 * Every send is appended to {@code sent-<network>.log} and every acknowledged event to {@code acked.log}
 * with plain writes, which survive a SIGKILL of this process. On start it resumes after the longest
 * acknowledged prefix, as a real source resends what was never acknowledged. When everything is
 * acknowledged and delivered it writes {@code done} and exits.
 */
public final class KillHarness {
    private KillHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int total = Integer.parseInt(args[1]);
        int conversations = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        JdbcStore store = JdbcStore.open(JdbcStoreConfig.h2File(dir.resolve("data")), new SimpleMeterRegistry());
        Vertx vertx = Vertx.vertx();
        TestConnector matrix = new TestConnector(Network.MATRIX).recordTo(appender(dir.resolve("sent-matrix.log")));
        TestConnector mimi = new TestConnector(Network.MIMI).recordTo(appender(dir.resolve("sent-mimi.log")));
        RouterFixture f = new RouterFixture(vertx, store, RouterFixture.fastRetries(), matrix, mimi);
        if (store.links().list().size() < conversations) {
            for (int i = 0; i < conversations; i++) {
                if (store.links().findByRoom(RouterFixture.xmppRoom(i)).isEmpty()) {
                    store.links().create(new dev.passerelle.core.store.Link(dev.passerelle.core.store.LinkId.random(),
                            dev.passerelle.core.store.Link.Kind.PLUMBED,
                            java.util.Set.of(RouterFixture.xmppRoom(i), RouterFixture.matrixRoom(i),
                                    RouterFixture.mimiRoom(i)), java.time.Instant.now()));
                }
            }
        }
        f.router.start().toCompletionStage().toCompletableFuture().get();

        Path ackLog = dir.resolve("acked.log");
        BitSet acked = new BitSet(total);
        if (Files.exists(ackLog)) {
            for (String line : Files.readAllLines(ackLog)) {
                if (!line.isBlank()) {
                    acked.set(Integer.parseInt(line.trim()));
                }
            }
        }
        int from = acked.nextClearBit(0);
        FileChannel acks = FileChannel.open(ackLog, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Semaphore window = new Semaphore(256);
        for (int k = from; k < total; k++) {
            window.acquire();
            int index = k;
            f.xmpp.inject(RouterFixture.message(k % conversations, k / conversations)).onComplete(ar -> {
                window.release();
                if (ar.succeeded() && ar.result() != Accepted.NOT_BRIDGED) {
                    write(acks, index + "\n");
                } else {
                    System.err.println("message " + index + " not accepted: "
                            + (ar.succeeded() ? ar.result() : ar.cause()));
                }
            });
        }
        window.acquire(256);
        while (store.journal().pendingCount() > 0 || f.router.pendingCount() > 0) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        f.router.stop().toCompletionStage().toCompletableFuture().get();
        Files.writeString(dir.resolve("done"), "done\n");
        store.close();
        vertx.close();
        System.exit(0);
    }

    private static TestConnector.Recorder appender(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return (delivery, payload) -> write(channel, delivery.key() + "\t" + delivery.target().toUri() + "\t"
                + Base64.getEncoder().encodeToString(payload) + "\n");
    }

    private static void write(FileChannel channel, String line) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            synchronized (channel) {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
