package dev.passerelle.core.router;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.spi.EventSink.Accepted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The router's meters; names are documented in the README's metrics table. */
final class RouterMetrics {
    private final MeterRegistry registry;
    private final Map<Network, Map<Accepted, Counter>> in = new EnumMap<>(Network.class);
    private final Map<Network, Counter> out = new EnumMap<>(Network.class);
    private final Map<Network, Counter> retried = new EnumMap<>(Network.class);
    private final Map<Network, Counter> dead = new EnumMap<>(Network.class);
    private final DistributionSummary batchSize;
    private final Timer commit;
    private final Counter journalFailures;

    RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Network n : Network.values()) {
            Map<Accepted, Counter> byOutcome = new EnumMap<>(Accepted.class);
            for (Accepted a : Accepted.values()) {
                byOutcome.put(a, Counter.builder("passerelle.events.in").description("Inbound events by outcome")
                        .tag("network", n.id()).tag("outcome", a.name().toLowerCase(Locale.ROOT)).register(registry));
            }
            in.put(n, byOutcome);
            out.put(n, Counter.builder("passerelle.events.out").description("Deliveries confirmed by the target")
                    .tag("network", n.id()).register(registry));
            retried.put(n, Counter.builder("passerelle.deliveries.retried")
                    .description("Delivery attempts that failed transiently and were rescheduled")
                    .tag("network", n.id()).register(registry));
            dead.put(n, Counter.builder("passerelle.deliveries.dead")
                    .description("Deliveries dead-lettered (permanent failure or retries exhausted)")
                    .tag("network", n.id()).register(registry));
        }
        batchSize = DistributionSummary.builder("passerelle.journal.batch.size")
                .description("Operations written per journal group commit").register(registry);
        commit = Timer.builder("passerelle.journal.commit").description("Duration of a journal group commit")
                .register(registry);
        journalFailures = Counter.builder("passerelle.journal.failures")
                .description("Journal group commits that failed and were retried").register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    void inbound(Network network, Accepted outcome) {
        in.get(network).get(outcome).increment();
    }

    void delivered(Network network) {
        out.get(network).increment();
    }

    void retried(Network network) {
        retried.get(network).increment();
    }

    void deadLettered(Network network) {
        dead.get(network).increment();
    }

    void notCarried(Network network, String why) {
        registry.counter("passerelle.events.not.carried", "network", network.id(), "why", why).increment();
    }

    void committed(int operations, long nanos) {
        batchSize.record(operations);
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    void journalFailure() {
        journalFailures.increment();
    }

    void failureReport(boolean sent) {
        registry.counter("passerelle.failure.reports", "outcome", sent ? "sent" : "failed").increment();
    }
}
