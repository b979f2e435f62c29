package dev.passerelle.soak;

import dev.passerelle.e2e.Side;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The soak's user on one network: sends the next message of the traffic as that user, and reads what arrived for
 * that user into the {@link Ledger}. Edits, replies and reactions refer to one of the user's own earlier texts that
 * has already arrived on both other networks (a reference to a message a network never saw cannot be carried); when
 * no text is ready yet, a text is sent instead. Sending happens on one thread per wire, reading on another.
 */
abstract class Wire {

    /** How far into the queue of own texts a wire looks for one that is ready to be referred to. */
    private static final int LOOK_AHEAD = 200;
    /** Own texts kept as possible targets per kind; older ones are dropped (they are referred to rarely anyway). */
    private static final int KEEP = 2_000;

    private final Side side;
    protected final Ledger ledger;
    private final Map<Kind, Deque<Integer>> targets = new EnumMap<>(Kind.class);

    Wire(Side side, Ledger ledger) {
        this.side = side;
        this.ledger = ledger;
        for (Kind k : new Kind[] {Kind.EDIT, Kind.REPLY, Kind.REACTION}) {
            targets.put(k, new ArrayDeque<>());
        }
    }

    Side side() {
        return side;
    }

    /** Sends one message of kind {@code wanted} (or a text when it needs a target and none is ready). */
    final Ledger.Item send(Kind wanted) {
        int number = ledger.nextNumber();
        Optional<Integer> target = targets.containsKey(wanted) ? take(wanted) : Optional.empty();
        Kind kind = targets.containsKey(wanted) && target.isEmpty() ? Kind.TEXT : wanted;
        Ledger.Item item = new Ledger.Item(number, side, kind);
        // Recorded before it goes out, so that an arrival read at once is matched.
        ledger.sent(item, kind == Kind.REACTION ? target : Optional.empty());
        if (kind == Kind.TEXT) {
            text(item);
            for (Deque<Integer> d : targets.values()) {
                d.addLast(number);
                if (d.size() > KEEP) {
                    d.removeFirst();
                }
            }
        } else if (kind == Kind.EDIT) {
            edit(item, target.orElseThrow());
        } else if (kind == Kind.REPLY) {
            reply(item, target.orElseThrow());
        } else if (kind == Kind.REACTION) {
            reaction(item, target.orElseThrow());
        } else {
            attachment(item);
        }
        return item;
    }

    private Optional<Integer> take(Kind kind) {
        Iterator<Integer> it = targets.get(kind).iterator();
        for (int i = 0; i < LOOK_AHEAD && it.hasNext(); i++) {
            int candidate = it.next();
            if (ledger.arrivedEverywhere(candidate) && referable(candidate)) {
                it.remove();
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether this network gave the user what it needs to refer to its own text {@code number}. */
    boolean referable(int number) {
        return true;
    }

    abstract void text(Ledger.Item item);

    abstract void edit(Ledger.Item item, int target);

    abstract void reply(Ledger.Item item, int target);

    abstract void reaction(Ledger.Item item, int target);

    abstract void attachment(Ledger.Item item);

    /** Reads what arrived for this user since the last call into the ledger. */
    abstract void scan();

    /** The text of message {@code item}: its tag and some words, of a length that varies with its number. */
    static String body(Ledger.Item item, String what) {
        String filler = "the quick brown fox jumps over the lazy dog ";
        return item.tag() + " " + what + " " + filler.repeat(1 + item.number() % 4).trim();
    }

    /** The file name of an attachment: its tag, so that the name carried by every network shows it. */
    static String fileName(Ledger.Item item) {
        return item.tag() + ".png";
    }
}
