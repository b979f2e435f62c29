package dev.passerelle.connector.dma.content;

/** How a receiver treats the parts of a {@link NestedPart.MultiPart}. */
public enum PartSemantics {
    /** The receiver picks exactly one part (like multipart/alternative). */
    CHOOSE_ONE(0),
    /** All parts form one unit, processed together or not at all (like multipart/related). */
    SINGLE_UNIT(1),
    /** Each part is processed on its own, as many as possible (like multipart/mixed). */
    PROCESS_ALL(2);

    private final int code;

    PartSemantics(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    static PartSemantics ofCode(long code) {
        for (PartSemantics s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
