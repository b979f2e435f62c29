package dev.passerelle.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the connectors' documentation (docs/connectors/*.md) says arrives for each feature and direction, with a
 * one-line note: {@code e2e/expected-compatibility.txt} on the test class path, one cell a line,
 * {@code <feature> <from>-<to> <outcome> | <note>}, where the outcome is native, fallback or not-carried.
 */
final class Expectations {

    static final String RESOURCE = "/e2e/expected-compatibility.txt";

    /** One expected cell. */
    record Expected(Outcome outcome, String note) {
    }

    private final Map<String, Expected> cells;

    private Expectations(Map<String, Expected> cells) {
        this.cells = Map.copyOf(cells);
    }

    static Expectations load() {
        Map<String, Expected> cells = new HashMap<>();
        try (InputStream in = Expectations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            int lineNo = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf('|');
                String[] head = (bar < 0 ? line : line.substring(0, bar)).trim().split("\\s+");
                if (bar < 0 || head.length != 3) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo
                            + ": expected '<feature> <from>-<to> <outcome> | <note>', got: " + line);
                }
                Feature.of(head[0]);
                String key = head[0] + " " + head[1];
                if (cells.put(key, new Expected(Outcome.of(head[2].replace('-', ' ')), line.substring(bar + 1).trim()))
                        != null) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + ": " + key + " given twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Expectations(cells);
    }

    Optional<Expected> of(Feature feature, Side from, Side to) {
        return Optional.ofNullable(cells.get(feature.id() + " " + from.to(to)));
    }
}
