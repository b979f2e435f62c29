package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.protocol.AbuseReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Abuse reports received for the rooms we host (protocol-06 section 5.9), kept as received for the operator, who
 * lists them through the admin API. Nothing is done automatically. Blocking.
 */
public final class AbuseReports {

    private final ProviderState state;
    private final Clock clock;

    /** Reports kept in {@code store}. */
    public AbuseReports(ProviderStore store, Clock clock) {
        if (store == null || clock == null) {
            throw new IllegalArgumentException("store and clock are required");
        }
        this.state = new ProviderState(store);
        this.clock = clock;
    }

    /** Keeps a report received from {@code peerDomain} about {@code roomUri}. */
    public synchronized StoredAbuseReport record(String roomUri, String peerDomain, AbuseReport report) {
        long id = state.nextAbuseId();
        StoredAbuseReport stored = new StoredAbuseReport(id, roomUri, peerDomain, clock.instant(), report);
        state.putAbuse(id, new TlsWriter().uint16(1).opaque(utf8(roomUri)).opaque(utf8(peerDomain))
                .uint64(stored.received().toEpochMilli()).opaque(report.toBytes()).toByteArray());
        return stored;
    }

    /** The report {@code id}. */
    public Optional<StoredAbuseReport> get(long id) {
        return state.abuse(id).map(bytes -> {
            TlsReader in = new TlsReader(bytes);
            ProviderState.requireVersion(in, "abuse report");
            String room = ProviderState.text(in);
            String peer = ProviderState.text(in);
            Instant received = Instant.ofEpochMilli(in.uint64());
            AbuseReport report = AbuseReport.decode(in.opaque());
            in.finish();
            return new StoredAbuseReport(id, room, peer, received, report);
        });
    }

    /** Every report kept, oldest first. */
    public List<StoredAbuseReport> list() {
        List<StoredAbuseReport> out = new ArrayList<>();
        for (long id = 1; id < state.abuseIdsBelow(); id++) {
            get(id).ifPresent(out::add);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
