package dev.passerelle.bench.flow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Matrix to XMPP: the stub homeserver pushes appservice transactions of {@code batch} events to the gateway, one
 * Matrix user per bridged room and stream, and XMPP clients in the linked group chats receive. Each stream
 * collects {@code batch} events before it pushes them (an event's time is when it was due, so batching shows as
 * latency); the acknowledgement of every transaction is timed.
 */
final class MatrixFlow extends Flow {

    private final FastHomeserver homeserver;
    private final List<String> roomIds;
    private final int batch;
    private final Consumer<Receipts> listen;
    private final List<StringBuilder> pending = new ArrayList<>();
    private final int[] pendingCount;
    private final List<Long> acks = new ArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

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
        this.pendingCount = new int[roomIds.size()];
        for (int i = 0; i < roomIds.size(); i++) {
            pending.add(new StringBuilder());
        }
    }

    /** The Matrix user who speaks in stream {@code stream}'s room. */
    String sender(int stream) {
        return "@bench-" + stream + ":" + homeserver.serverName();
    }

    @Override
    void send(int probe, int stream, int seq, byte[] body) {
        StringBuilder events = pending.get(stream);
        if (pendingCount[stream] > 0) {
            events.append(',');
        }
        events.append("{\"type\":\"m.room.message\",\"room_id\":\"").append(roomIds.get(stream))
                .append("\",\"sender\":\"").append(sender(stream))
                .append("\",\"event_id\":\"$e").append(probe).append('-').append(stream).append('-').append(seq)
                .append("\",\"origin_server_ts\":").append(System.currentTimeMillis())
                .append(",\"content\":{\"msgtype\":\"m.text\",\"body\":\"")
                .append(new String(body, StandardCharsets.US_ASCII)).append("\"}}");
        if (++pendingCount[stream] == batch) {
            push(probe + "-" + stream + "-" + seq, stream);
        }
    }

    @Override
    void flush(int probe) {
        for (int s = 0; s < pending.size(); s++) {
            if (pendingCount[s] > 0) {
                push(probe + "-" + s + "-end", s);
            }
        }
    }

    private void push(String txnId, int stream) {
        byte[] json = ("{\"events\":[" + pending.get(stream) + "]}").getBytes(StandardCharsets.UTF_8);
        pending.get(stream).setLength(0);
        pendingCount[stream] = 0;
        inFlight.incrementAndGet();
        homeserver.push("t" + txnId, json).onComplete(ar -> {
            inFlight.decrementAndGet();
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
