package dev.passerelle.connector.matrix.homeserver;

/**
 * How a push of a transaction to the gateway ended: the number of attempts, and the last status (0 when the
 * connection failed) and body.
 */
public record TransactionResult(int attempts, int status, String body) {

    /** Whether the gateway acknowledged the transaction with a 200. */
    public boolean acknowledged() {
        return status == 200;
    }
}
