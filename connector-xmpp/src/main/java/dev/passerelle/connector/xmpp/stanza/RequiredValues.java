package dev.passerelle.connector.xmpp.stanza;

import java.util.Objects;
import java.util.Optional;

/** The checks the elements' constructors share: a referenced message id; optional attributes never empty. */
final class RequiredValues {

    private RequiredValues() {}

    /** {@code id} when it is present and non-empty; otherwise {@code whenEmpty} as the reason. */
    static String id(String id, String whenEmpty) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException(whenEmpty);
        }
        return id;
    }

    /** An optional attribute that, when present, is not empty: absent is how to leave it out. */
    static <T extends CharSequence> Optional<T> nonEmptyIfPresent(Optional<T> value, String attribute) {
        Objects.requireNonNull(value, attribute);
        if (value.isPresent() && value.get().length() == 0) {
            throw new IllegalArgumentException("'" + attribute + "' is empty; leave it out instead");
        }
        return value;
    }
}
