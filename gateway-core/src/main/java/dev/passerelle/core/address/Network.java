package dev.passerelle.core.address;

/** The networks Passerelle links; each address, ghost and connector belongs to exactly one. */
public enum Network {
    XMPP("xmpp"),
    MATRIX("matrix"),
    MIMI("mimi");

    private final String id;

    Network(String id) {
        this.id = id;
    }

    /** The lower-case name used in config files, JSON and metrics tags. */
    public String id() {
        return id;
    }

    /** Parses the lower-case name of a network, as written in config and JSON. */
    public static Network fromId(String id) {
        for (Network n : values()) {
            if (n.id.equals(id)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown network '" + id + "' (expected xmpp, matrix or mimi)");
    }
}
