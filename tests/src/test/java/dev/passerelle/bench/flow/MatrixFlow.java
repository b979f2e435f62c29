package dev.passerelle.bench.flow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Matrix to XMPP: the stub homeserver pushes appservice transactions of {@code batch} events to the gateway, one
 * Matrix user per bridged room and stream, and XMPP clients in the linked group chats receive. As a homeserver keeps
 * one queue of events per appservice, whatever room they are in, the streams' events go into one transaction in the
 * order they are due, and it is pushed once it holds {@code batch} events: transactions leave one after another at
 * {@code rate / batch} a second, not ten at once. The acknowledgement of every transaction is timed.
 */
final class MatrixFlow extends Flow {

    private final FastHomeserver homeserver;
    private final List<String> roomIds;
    private final int batch;
    private final Consumer<Receipts> listen;
    /** The events of the next transaction, as (stream, sequence number) pairs; guarded by itself. */
    private final List<int[]> pending = new ArrayList<>();
    private int transactions;
    private final int bodySize;
    private final List<Long> acks = new ArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();

    MatrixFlow(String name, FastHomeserver homeserver, List<String> roomIds, int batch, int bodySize,
            Consumer<Receipts> listen, List<Proc> processes) {
        super(name, roomIds.size(), bodySize, processes);
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1: " + batch);
        }
        this.homeserver = homeserver;
        this.roomIds = List.copyOf(roomIds);
        this.batch = batch;
        this.listen = listen;
        this.bodySize = bodySize;
    }

    /** The Matrix user who speaks in stream {@code stream}'s room. */
    String sender(int stream) {
        return "@bench-" + stream + ":" + homeserver.serverName();
    }

    @Override
    void send(int probe, int stream, int seq, byte[] body) {
        synchronized (pending) {
            pending.add(new int[] {stream, seq});
            if (pending.size() == batch) {
                push(probe);
            }
        }
    }

    @Override
    void flush(int probe) {
        synchronized (pending) {
            if (!pending.isEmpty()) {
                push(probe);
            }
        }
    }

    /**
     * Pushes the waiting events as one transaction; called holding the lock. Their bodies carry the time of the
     * push, not the time each was due: how long a homeserver holds events to batch them is its own affair, the
     * gateway's latency starts when the transaction leaves.
     */
    private void push(int probe) {
        long now = System.nanoTime();
        StringBuilder events = new StringBuilder("{\"events\":[");
        for (int i = 0; i < pending.size(); i++) {
            int stream = pending.get(i)[0];
            int seq = pending.get(i)[1];
            events.append(i == 0 ? "" : ",").append("{\"type\":\"m.room.message\",\"room_id\":\"")
                    .append(roomIds.get(stream)).append("\",\"sender\":\"").append(sender(stream))
                    .append("\",\"event_id\":\"$e").append(probe).append('-').append(stream).append('-').append(seq)
                    .append("\",\"origin_server_ts\":").append(System.currentTimeMillis())
                    .append(",\"content\":{\"msgtype\":\"m.text\",\"body\":\"")
                    .append(new Probe(probe, stream, seq, now).body(bodySize)).append("\"}}");
        }
        pending.clear();
        byte[] json = events.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        homeserver.push("t" + probe + "-" + (++transactions), json).onComplete(ar -> {
            if (ar.succeeded()) {
                synchronized (acks) {
                    acks.add(ar.result());
                }
            } else {
                failed.incrementAndGet();
                System.err.println("flow bench: " + ar.cause().getMessage());
            }
        });
    }

    @Override
    void listen(Receipts receipts) {
        listen.accept(receipts);
    }

    @Override
    void resetAcks() {
        synchronized (acks) {
            acks.clear();
        }
        failed.set(0);
    }

    @Override
    Window.Acks acks() {
        long[] sorted;
        synchronized (acks) {
            sorted = acks.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Window.Acks(0, failed.get(), 0, 0, 0);
        }
        return new Window.Acks(sorted.length, failed.get(), sorted[(int) Math.ceil(0.5 * sorted.length) - 1],
                sorted[(int) Math.ceil(0.99 * sorted.length) - 1], sorted[sorted.length - 1]);
    }

    @Override
    public void close() {
        // The homeserver and the receiving clients belong to the bridge that made this flow.
    }
}
