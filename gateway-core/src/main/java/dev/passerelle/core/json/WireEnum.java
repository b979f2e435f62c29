package dev.passerelle.core.json;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The JSON names of an enum's constants, written out rather than derived from {@link Enum#name()}, so
 * renaming a Java constant cannot silently change the stored format. Incomplete tables fail at class
 * initialisation, so a new constant without a JSON name breaks the build's tests, not a journal.
 */
final class WireEnum<E extends Enum<E>> {
    private final Map<E, String> names;
    private final Map<String, E> values = new HashMap<>();

    WireEnum(Class<E> type, Map<E, String> names) {
        this.names = new EnumMap<>(names);
        for (E constant : type.getEnumConstants()) {
            String name = names.get(constant);
            if (name == null) {
                throw new IllegalStateException("no JSON name for " + type.getSimpleName() + "." + constant);
            }
            if (values.put(name, constant) != null) {
                throw new IllegalStateException("JSON name '" + name + "' used twice in " + type.getSimpleName());
            }
        }
    }

    String name(E constant) {
        return names.get(constant);
    }

    Optional<E> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The accepted names, for error messages. */
    String choices() {
        return String.join(", ", new TreeSet<>(values.keySet()));
    }
}
