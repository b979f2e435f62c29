package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.core.event.Event;
import java.util.List;

/** The outcome of translating one stanza: canonical events, or a typed reason for ignoring it. */
public sealed interface InboundResult {

    /** One or more canonical events (several when one stanza changes several reactions). */
    record Translated(List<Event> events) implements InboundResult {
        public Translated {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a translation produces at least one event (else it is Ignored)");
            }
        }

        /** The usual case: one event. */
        public static Translated of(Event event) {
            return new Translated(List.of(event));
        }
    }

    /** Nothing to forward; {@code reason} is a small fixed set fit for a metrics tag, {@code detail} says why. */
    record Ignored(Reason reason, String detail) implements InboundResult {
        public Ignored {
            if (reason == null || detail == null) {
                throw new IllegalArgumentException("ignored needs a reason and a detail");
            }
        }
    }

    /** Why a stanza was not forwarded. */
    enum Reason {
        /** Nothing the gateway bridges: an empty message, a subscription request, a delivery-only marker. */
        NOT_BRIDGED("not bridged"),
        /** An element missing, unparsable or of the wrong shape. */
        MALFORMED("malformed"),
        /** A body or element larger than the gateway forwards. */
        TOO_LARGE("too large"),
        /** A correction, retraction, reaction or marker about a message the gateway never saw. */
        TARGET_UNKNOWN("target unknown"),
        /** An error stanza: a bounce, handled by delivery, not forwarded as an event. */
        ERROR_STANZA("error stanza"),
        /** A reaction set identical to the one already known: nothing changed. */
        UNCHANGED("unchanged");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The lower-case label used in logs and metrics. */
        public String label() {
            return label;
        }
    }
}
