package dev.passerelle.hostile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The hostile-input corpus: the cases of {@code hostile/manifest.yaml}, and their payloads. */
final class Corpus {
    static final String MANIFEST = "manifest.yaml";

    private final List<HostileCase> cases;

    private Corpus(List<HostileCase> cases) {
        this.cases = List.copyOf(cases);
        Set<String> names = new HashSet<>();
        for (HostileCase c : cases) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two cases named " + c.name() + " in " + MANIFEST);
            }
        }
    }

    /** The corpus on the test class path. */
    static Corpus load() {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            HostileCase[] read = yaml.readValue(Payloads.read(MANIFEST), HostileCase[].class);
            return new Corpus(List.of(read));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hostile/" + MANIFEST, e);
        }
    }

    List<HostileCase> cases() {
        return cases;
    }

    List<HostileCase> on(Set<HostileCase.Surface> surfaces) {
        return cases.stream().filter(c -> surfaces.contains(c.surface())).toList();
    }

    /** The payload of {@code c}, generated if its file is a description, placeholders replaced by {@code values}. */
    static byte[] payload(HostileCase c, Map<String, String> values) {
        return Payloads.expand(c.payload(), Payloads.read(c.payload()), values);
    }
}
