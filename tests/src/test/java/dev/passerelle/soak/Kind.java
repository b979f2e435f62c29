package dev.passerelle.soak;

/** What one message of the soak's traffic is, and the form in which it must arrive on the other networks. */
enum Kind {
    TEXT,
    EDIT,
    REPLY,
    REACTION,
    ATTACHMENT;

    /** Lower-case name for tables. */
    String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
