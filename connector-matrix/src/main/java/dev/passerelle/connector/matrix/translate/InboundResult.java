package dev.passerelle.connector.matrix.translate;

import dev.passerelle.core.event.Event;
import java.util.List;

/** The outcome of translating one Matrix event: canonical events, or a typed reason for ignoring it. */
public sealed interface InboundResult {

    /** One or more canonical events (usually one). */
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

    /**
     * Nothing to forward. {@code reason} is a small fixed set, fit for a metrics tag; {@code path} names the field
     * at fault ({@code "content.body"}, or {@code "type"} for an unknown type); {@code detail} says why.
     */
    record Ignored(Reason reason, String path, String detail) implements InboundResult {
        public Ignored {
            if (reason == null || path == null || detail == null) {
                throw new IllegalArgumentException("ignored needs a reason, a path and a detail");
            }
        }
    }

    /** Why an event was not forwarded. */
    enum Reason {
        /** An event type or msgtype the gateway does not bridge. */
        UNSUPPORTED_TYPE("unsupported type"),
        /** A known type whose meaning the gateway deliberately does not forward (knocks, encrypted media...). */
        NOT_BRIDGED("not bridged"),
        /** A field missing or of the wrong shape. */
        MALFORMED("malformed"),
        /** An edit, redaction, reaction or receipt about an event the gateway never saw. */
        TARGET_UNKNOWN("target unknown");

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
