package dev.passerelle.connector.dma.provider;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator-managed phone directory: E.164 numbers of users who opted in to be found by number (protocol-06
 * section 5.8, searchType phone). A number not opted in is never answered, whether or not it belongs to a user.
 * Blocking: call on worker threads (the admin API does).
 */
public final class PhoneDirectory {

    // E.164: "+", a non-zero country code digit, at most 15 digits in all.
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final String ownDomain;
    private final ProviderState state;

    /** The directory of {@code ownDomain}'s users in {@code store}. */
    public PhoneDirectory(String ownDomain, ProviderStore store) {
        if (ownDomain == null || store == null) {
            throw new IllegalArgumentException("ownDomain and store are required");
        }
        this.ownDomain = ownDomain;
        this.state = new ProviderState(store);
    }

    /** Whether {@code number} is an E.164 number with its "+". */
    public static boolean isE164(String number) {
        return number != null && E164.matcher(number).matches();
    }

    /** Lists {@code number} for {@code userUri}, one of our users, who agreed to it. */
    public void optIn(String number, String userUri) {
        requireE164(number);
        if (!MimiUris.domainOf(userUri).equals(ownDomain)) {
            throw new IllegalArgumentException(userUri + " is not a user of " + ownDomain);
        }
        state.putPhone(number, userUri);
    }

    /** Removes {@code number}; it is answered "not found" from then on. */
    public void optOut(String number) {
        requireE164(number);
        state.deletePhone(number);
    }

    /** The user who opted in with {@code number}; empty for any other number, malformed ones included. */
    public Optional<String> lookup(String number) {
        if (!isE164(number)) {
            return Optional.empty();
        }
        return state.phone(number);
    }

    private static void requireE164(String number) {
        if (!isE164(number)) {
            throw new IllegalArgumentException("not an E.164 number (+ and up to 15 digits): " + number);
        }
    }
}
