package dev.passerelle.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The soak's steady traffic: each network's user sends at a third of the total rate, on its own thread, going round
 * a fixed cycle of kinds, so that the mix is the same over any few seconds: of 20 messages, 10 texts, 3 replies,
 * 3 edits, 3 reactions and 1 attachment.
 */
final class Traffic {

    static final List<Kind> CYCLE = List.of(
            Kind.TEXT, Kind.TEXT, Kind.REPLY, Kind.TEXT, Kind.EDIT, Kind.TEXT, Kind.REACTION, Kind.TEXT,
            Kind.ATTACHMENT, Kind.TEXT, Kind.REPLY, Kind.TEXT, Kind.EDIT, Kind.TEXT, Kind.REACTION, Kind.TEXT,
            Kind.TEXT, Kind.REPLY, Kind.EDIT, Kind.REACTION);

    private final List<Wire> wires;
    private final double rate;
    private final Consumer<Throwable> onFailure;
    private final List<ScheduledExecutorService> senders = new ArrayList<>();

    /** {@code rate} messages per second in total over {@code wires}; a failed send goes to {@code onFailure}. */
    Traffic(List<Wire> wires, double rate, Consumer<Throwable> onFailure) {
        if (wires.isEmpty()) {
            throw new IllegalArgumentException("no wire to send on");
        }
        if (!(rate > 0) || rate > 1000) {
            throw new IllegalArgumentException("the rate must be above 0 and at most 1000 messages/s, got " + rate);
        }
        this.wires = List.copyOf(wires);
        this.rate = rate;
        this.onFailure = onFailure;
    }

    void start() {
        long periodMicros = Math.round(wires.size() * 1_000_000 / rate);
        for (int w = 0; w < wires.size(); w++) {
            Wire wire = wires.get(w);
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
                    r -> new Thread(r, "soak-send-" + wire.side().id()));
            senders.add(sender);
            int[] position = {0};
            // Staggered so that the three users do not all send in the same instant.
            sender.scheduleAtFixedRate(() -> {
                try {
                    wire.send(CYCLE.get(position[0]++ % CYCLE.size()));
                } catch (RuntimeException | Error e) {
                    onFailure.accept(e);
                    throw e;
                }
            }, periodMicros * w / wires.size(), periodMicros, TimeUnit.MICROSECONDS);
        }
    }

    /** Stops sending and waits for a send in progress to finish. */
    void stop() throws InterruptedException {
        for (ScheduledExecutorService s : senders) {
            s.shutdown();
        }
        for (ScheduledExecutorService s : senders) {
            if (!s.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a send did not finish within 60 s of the end of the traffic");
            }
        }
    }
}
