package dev.passerelle.e2e;

/** What a user on the receiving network gets for a feature. */
public enum Outcome {
    /** The receiving network's own form of the feature. */
    NATIVE("native"),
    /** Something else the connector's documentation names instead (a quote, a text line, a link). */
    FALLBACK("fallback"),
    /** Nothing at all. */
    NOT_CARRIED("not carried");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** How the table shows it. */
    public String label() {
        return label;
    }

    /** The outcome with this label. */
    public static Outcome of(String label) {
        for (Outcome o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no outcome '" + label + "'");
    }
}
