package dev.passerelle.bench.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The receiver's arithmetic: bodies parsed back, losses, duplicates and late arrivals told apart, quantiles. */
class ReceiptsTest {

    @Test
    void aBodyCarriesItsProbeAndHasTheSizeAsked() {
        Probe p = new Probe(7, 3, 41, 123_456_789L);
        String body = p.body(100);
        assertThat(body).hasSize(100).startsWith("~b 7 3 41 123456789 ");
        String stanza = "<message><body>" + body + "</body></message>";
        int from = stanza.indexOf(body);
        assertThat(Probe.find(stanza, from, from + body.length())).isEqualTo(p);
        assertThat(Probe.carries("hello", 0, 5)).isFalse();
        assertThat(Probe.find("~b 7 3", 0, 6)).as("cut short").isNull();
    }

    @Test
    void countsLossesDuplicatesAndLateArrivalsApart() {
        Receipts r = new Receipts(2, 2);
        for (int seq = 0; seq < 100; seq++) {
            r.record(new Probe(2, seq % 2, seq / 2, 0), (seq + 1) * 1_000_000L);
        }
        r.record(new Probe(2, 0, 0, 0), 5_000_000L);
        r.record(new Probe(1, 0, 0, 0), 5_000_000L);
        r.record(null, 5_000_000L);
        Receipts.Outcome o = r.outcome(103);
        assertThat(o.received()).isEqualTo(100);
        assertThat(o.lost()).isEqualTo(3);
        assertThat(o.duplicates()).isEqualTo(1);
        assertThat(o.stale()).isEqualTo(1);
        assertThat(o.malformed()).isEqualTo(1);
        assertThat(o.p50()).isEqualTo(50_000_000L);
        assertThat(o.p99()).isEqualTo(99_000_000L);
        assertThat(o.max()).isEqualTo(100_000_000L);
        assertThat(o.sustained(200_000_000L)).as("3 lost").isFalse();
        assertThat(r.outcome(100).sustained(200_000_000L)).as("a duplicate and an unreadable body").isFalse();
    }

    @Test
    void aWindowWithEverythingOnceAndInTimeIsSustained() {
        Receipts r = new Receipts(1, 1);
        r.record(new Probe(1, 0, 0, 0), 2_000_000L);
        r.record(new Probe(1, 0, 1, 0), 3_000_000L);
        assertThat(r.outcome(2).sustained(3_000_000L)).isTrue();
        assertThat(r.outcome(2).sustained(2_999_999L)).as("p99 over the limit").isFalse();
    }
}
