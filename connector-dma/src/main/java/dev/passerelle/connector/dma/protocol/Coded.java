package dev.passerelle.connector.dma.protocol;

/** An enum of the draft whose constants have a wire code (a uint8 unless the structure says otherwise). */
interface Coded {

    /** The value on the wire. */
    int code();
}
