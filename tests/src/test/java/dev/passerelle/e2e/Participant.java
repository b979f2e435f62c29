package dev.passerelle.e2e;

import java.time.Duration;

/** A user of one of the three networks in a {@link Topology}: sends as that user, waits for what it receives. */
public interface Participant {

    /** How long a participant waits for something to arrive. */
    Duration AWAIT = Duration.ofSeconds(30);

    /** Which of the topology's networks this user stands for. */
    Side side();

    /** Sends a plain text message into the topology's room; gives the id the user's network gave it. */
    String sendText(String body);

    /**
     * Waits until a message from someone else whose text contains {@code containing} arrives, and gives its whole
     * text.
     */
    String awaitText(String containing);
}
