package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.NestedPart;
import dev.passerelle.core.event.Event;
import java.util.List;

/** What a received MIMI message became: a canonical event, or a refusal with its reason. */
public sealed interface InboundResult permits InboundResult.Translated, InboundResult.Refused {

    /**
     * The message became {@code event}; {@code unresolvedReply}: its reply target was unknown and left out;
     * {@code encryptedParts}: the external parts behind the event's attachments whose content is encrypted (their
     * URL serves ciphertext; the key, nonce and algorithm are here, never in the canonical attachment).
     */
    record Translated(Event event, boolean unresolvedReply, List<NestedPart.ExternalPart> encryptedParts)
            implements InboundResult {
        public Translated {
            if (event == null) {
                throw new IllegalArgumentException("translated event must not be null");
            }
            encryptedParts = List.copyOf(encryptedParts);
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
