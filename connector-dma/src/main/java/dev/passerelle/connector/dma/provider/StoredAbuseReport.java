package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.protocol.AbuseReport;
import java.time.Instant;
import java.util.Objects;

/** An abuse report kept for the operator: its id, the room, the provider that sent it, when, and the report. */
public record StoredAbuseReport(long id, String roomUri, String peerDomain, Instant received, AbuseReport report) {

    /** Checks presence and a positive id. */
    public StoredAbuseReport {
        if (id <= 0) {
            throw new IllegalArgumentException("id must be positive, got " + id);
        }
        Objects.requireNonNull(roomUri, "roomUri");
        Objects.requireNonNull(peerDomain, "peerDomain");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(report, "report");
    }
}
