package dev.passerelle.connector.xmpp.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxmpp.jid.EntityBareJid;

/**
 * Decides when each ghost's presence may go out: a per-ghost coalescing window and a global token bucket. It
 * tracks only which ghosts wait, not what they wait with: the caller sends a ghost's latest presence when it is
 * released, so whatever changed during the wait collapses into one stanza per subscriber. Not thread-safe: the
 * caller confines it to one Vert.x context.
 */
final class PresenceThrottle {

    private final PresenceLimits limits;
    private final Clock clock;
    /** Ghost -> when it may go out; insertion order is the order ghosts started waiting. */
    private final LinkedHashMap<EntityBareJid, Instant> pending = new LinkedHashMap<>();
    /** Ghost -> when its presence last went out, kept only while that is within the window. */
    private final LinkedHashMap<EntityBareJid, Instant> lastSent = new LinkedHashMap<>();
    private double tokens;
    private Instant refilledAt;
    private long dropped;

    PresenceThrottle(PresenceLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.tokens = limits.burst();
        this.refilledAt = clock.instant();
    }

    /** Notes that {@code ghost}'s presence changed. */
    void offer(EntityBareJid ghost) {
        if (pending.containsKey(ghost)) {
            return;
        }
        Instant now = clock.instant();
        Instant sent = lastSent.get(ghost);
        Instant due = sent == null ? now : later(now, sent.plus(limits.window()));
        if (pending.size() >= limits.maxPending()) {
            // Bounded backlog: the ghost that has waited longest loses its update; its next change or a probe
            // still shows its current presence.
            Iterator<EntityBareJid> eldest = pending.keySet().iterator();
            eldest.next();
            eldest.remove();
            dropped++;
        }
        pending.put(ghost, due);
    }

    /** The ghosts whose presence goes out now, each taking one token ({@link #spend} charges the rest). */
    List<EntityBareJid> release() {
        Instant now = clock.instant();
        refill(now);
        forgetOldSends(now);
        List<EntityBareJid> out = new ArrayList<>();
        Iterator<Map.Entry<EntityBareJid, Instant>> it = pending.entrySet().iterator();
        while (it.hasNext() && tokens >= 1) {
            Map.Entry<EntityBareJid, Instant> e = it.next();
            if (e.getValue().isAfter(now)) {
                continue;
            }
            it.remove();
            lastSent.remove(e.getKey());
            lastSent.put(e.getKey(), now);
            tokens -= 1;
            out.add(e.getKey());
        }
        return out;
    }

    /**
     * Charges {@code stanzas} more tokens for a released ghost with several subscribers. The bucket may go below
     * zero, so a large fan-out is never starved but the ones after it wait until the rate has paid for it.
     */
    void spend(int stanzas) {
        if (stanzas > 0) {
            tokens -= stanzas;
        }
    }

    int pending() {
        return pending.size();
    }

    long dropped() {
        return dropped;
    }

    private void refill(Instant now) {
        Duration elapsed = Duration.between(refilledAt, now);
        if (!elapsed.isNegative()) {
            tokens = Math.min(limits.burst(), tokens + elapsed.toNanos() / 1e9 * limits.perSecond());
        }
        refilledAt = now;
    }

    private void forgetOldSends(Instant now) {
        Instant horizon = now.minus(limits.window());
        Iterator<Instant> it = lastSent.values().iterator();
        // lastSent is ordered by send time (re-inserted on each send), so the old ones are at the front.
        while (it.hasNext()) {
            if (it.next().isAfter(horizon)) {
                break;
            }
            it.remove();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
