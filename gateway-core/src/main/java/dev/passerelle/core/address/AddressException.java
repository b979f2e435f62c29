package dev.passerelle.core.address;

/** Thrown when text is not a valid address; the message names the part that is wrong and why. */
public final class AddressException extends IllegalArgumentException {
    private final String part;

    public AddressException(String part, String reason) {
        super(part + ": " + reason);
        this.part = part;
    }

    /** Which part of the address is wrong, e.g. {@code localpart}, {@code domainpart}, {@code server name}. */
    public String part() {
        return part;
    }
}
