package dev.passerelle.connector.dma.translate;

import dev.passerelle.core.event.Event;

/** What a received MIMI message became: a canonical event, or a refusal with its reason. */
public sealed interface InboundResult permits InboundResult.Translated, InboundResult.Refused {

    /** The message became {@code event}; {@code unresolvedReply}: its reply target was unknown and left out. */
    record Translated(Event event, boolean unresolvedReply) implements InboundResult {
        public Translated {
            if (event == null) {
                throw new IllegalArgumentException("translated event must not be null");
            }
        }
    }

    /** The message cannot become a canonical event, for {@code reason}. */
    record Refused(String reason) implements InboundResult {
        public Refused {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a refusal needs a reason");
            }
        }
    }
}
