package dev.passerelle.faults;

import dev.passerelle.e2e.GatewayProcess;
import java.util.Map;

/**
 * The router's meters of one instance at one moment, read from {@code /metrics}: inbound events relayed, journal
 * operations written, deliveries confirmed, deliveries pending, operations waiting for the journal writer,
 * deliveries retried, deliveries dead-lettered, the MIMI hub's fan-out lanes waiting to retry a peer and the MIMI
 * messages our members dropped. Counters start from zero at each start of the process.
 */
record Meters(long at, double relayedIn, double journalled, double confirmed, double pending, double backlog,
        double retried, double dead, double fanoutFailing, double mimiDropped) {

    static Meters of(GatewayProcess instance) {
        String text = instance.metrics();
        return new Meters(System.nanoTime(),
                GatewayProcess.sum(text, "passerelle_events_in_total", Map.of("outcome", "relayed")),
                GatewayProcess.sum(text, "passerelle_journal_batch_size_sum", Map.of()),
                GatewayProcess.sum(text, "passerelle_events_out_total", Map.of()),
                GatewayProcess.sum(text, "passerelle_deliveries_pending", Map.of()),
                GatewayProcess.sum(text, "passerelle_journal_backlog", Map.of()),
                GatewayProcess.sum(text, "passerelle_deliveries_retried_total", Map.of()),
                GatewayProcess.sum(text, "passerelle_deliveries_dead_total", Map.of()),
                GatewayProcess.sum(text, "passerelle_mimi_fanout_failing", Map.of()),
                GatewayProcess.sum(text, "passerelle_mimi_inbound_dropped_total", Map.of()));
    }

    @Override
    public String toString() {
        return String.format("relayed in %.0f, journal operations %.0f, deliveries confirmed %.0f, pending %.0f,"
                + " journal backlog %.0f, retried %.0f, dead-lettered %.0f, MIMI fan-out lanes failing %.0f,"
                + " MIMI messages dropped %.0f", relayedIn, journalled, confirmed, pending, backlog, retried, dead,
                fanoutFailing, mimiDropped);
    }

    /** Where the gateway was between two readings: what it was doing when killed right after {@code now}. */
    enum Phase {
        /** Inbound events were arriving and the journal writer kept up (nothing waiting for it). */
        RECEIVING,
        /** Operations were waiting for the journal writer: a group commit was being written. */
        WRITING_JOURNAL,
        /** Nothing had arrived for a while; deliveries were pending and being confirmed. */
        DELIVERING,
        /** None of the above. */
        OTHER;

        static Phase between(Meters before, Meters now) {
            if (now.backlog > 0) {
                return WRITING_JOURNAL;
            }
            if (now.relayedIn > before.relayedIn) {
                return RECEIVING;
            }
            if (now.pending > 0 && now.confirmed > before.confirmed) {
                return DELIVERING;
            }
            return OTHER;
        }
    }
}
