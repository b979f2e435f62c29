package dev.passerelle.e2e;

/**
 * The three networks of a {@link Topology}, as users see them: XMPP (the MUC on the XMPP server of instance A),
 * MATRIX (the Matrix room on A's homeserver) and MIMI (a user of the other MIMI provider, instance B).
 */
public enum Side {
    XMPP("xmpp"),
    MATRIX("matrix"),
    MIMI("mimi");

    private final String id;

    Side(String id) {
        this.id = id;
    }

    /** The lower-case name used in tags and result files. */
    public String id() {
        return id;
    }

    /** {@code from-to}, e.g. {@code xmpp-matrix}. */
    public String to(Side target) {
        return id + "-" + target.id;
    }
}
