package dev.passerelle.connector.dma.mls.schedule;

/** The two hash ratchets each leaf of the secret tree has. */
public enum RatchetType {
    /** Keys proposals and commits sent as PrivateMessages. */
    HANDSHAKE("handshake"),
    /** Keys application messages. */
    APPLICATION("application");

    private final String label;

    RatchetType(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
