package dev.passerelle.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * Reads a corpus payload: a plain file is sent as it is, a {@code .gen} file describes a large or binary one so the
 * repository stays small. A {@code .gen} file is lines of {@code text <rest of the line>}, {@code hex <bytes>} and
 * {@code repeat <n> text|hex ...}, concatenated without newlines; {@code #} starts a comment line. In both kinds,
 * {@code {{name}}} placeholders are replaced by the run's values (the component domain, a ghost JID).
 */
final class Payloads {
    private static final long MAX_GENERATED = 64L << 20;

    private Payloads() {
    }

    /** The bytes of {@code file} (its name and content), placeholders replaced. */
    static byte[] expand(String file, byte[] content, Map<String, String> values) {
        if (!file.endsWith(".gen")) {
            return replace(content, values);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            long times = 1;
            String item = line;
            if (line.startsWith("repeat ")) {
                int space = line.indexOf(' ', 7);
                if (space < 0) {
                    throw bad(file, i, "repeat needs a count and an item");
                }
                times = Long.parseLong(line.substring(7, space));
                item = line.substring(space + 1);
            }
            byte[] unit = unit(file, i, item, values);
            if (out.size() + unit.length * times > MAX_GENERATED) {
                throw bad(file, i, "the payload would exceed " + MAX_GENERATED + " bytes");
            }
            for (long n = 0; n < times; n++) {
                out.write(unit, 0, unit.length);
            }
        }
        return out.toByteArray();
    }

    private static byte[] unit(String file, int line, String item, Map<String, String> values) {
        if (item.startsWith("text ")) {
            return replace(item.substring(5).getBytes(StandardCharsets.UTF_8), values);
        }
        if (item.startsWith("hex ")) {
            return HexFormat.of().parseHex(item.substring(4).replace(" ", ""));
        }
        throw bad(file, line, "expected text, hex or repeat, got: " + item);
    }

    private static byte[] replace(byte[] content, Map<String, String> values) {
        // ISO-8859-1 keeps every byte as it is, invalid UTF-8 included.
        String s = new String(content, StandardCharsets.ISO_8859_1);
        if (!s.contains("{{")) {
            return content;
        }
        for (Map.Entry<String, String> v : values.entrySet()) {
            s = s.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        if (s.contains("{{")) {
            throw new IllegalArgumentException("unknown placeholder in " + s.substring(s.indexOf("{{"),
                    Math.min(s.length(), s.indexOf("{{") + 40)));
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static IllegalArgumentException bad(String file, int line, String why) {
        return new IllegalArgumentException(file + " line " + (line + 1) + ": " + why);
    }

    static byte[] read(String resource) {
        try (var in = Payloads.class.getResourceAsStream("/hostile/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file hostile/" + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
