package dev.passerelle.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.passerelle.core.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The versioned JSON form of canonical events, as stored in the delivery journal: {@link #write(Event)} always
 * writes the current format version, {@link #read(byte[])} reads every version this release knows. See the
 * package documentation for the format.
 */
public final class EventJson {
    /** The format version {@link #write(Event)} produces. */
    public static final int VERSION = V1Names.VERSION;
    /** Documents larger than this are refused, when reading and when writing. */
    public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
    /** Events nest four levels deep; the bound leaves room for later optional fields, not for abuse. */
    static final int MAX_NESTING_DEPTH = 12;

    /** One decoder per format version ever written; a new version adds an entry and keeps the old ones. */
    private static final Map<Integer, Function<JsonFields, Event>> READERS = Map.of(
            V1Names.VERSION, V1Reader::read);

    // Configured once and immutable afterwards; Jackson factories and readers are safe to share across threads.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(40)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Characters outside the BMP are written as UTF-8, not as escaped surrogate pairs: readable
            // journals and one canonical byte form. Unpaired surrogates are still escaped, so any Java string
            // round-trips.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    private static final ObjectReader TREE_READER = new ObjectMapper(FACTORY).reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventJson() {
    }

    /** The UTF-8 JSON form of {@code event} in format version {@value #VERSION}. */
    public static byte[] write(Event event) {
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            V1Writer.write(event, generator);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        if (out.size() > MAX_DOCUMENT_BYTES) {
            // Refused here too, or the journal would accept an event it could never read back.
            throw new EventJsonException("$", "event is " + out.size() + " bytes as JSON, over the limit of "
                    + MAX_DOCUMENT_BYTES);
        }
        return out.toByteArray();
    }

    /** {@link #write(Event)} as a string. */
    public static String writeString(Event event) {
        return new String(write(event), StandardCharsets.UTF_8);
    }

    /**
     * Reads an event written by this or an earlier release.
     *
     * @throws EventJsonException if the document is too large, not JSON, of an unknown format version, or
     *     not a valid event; the exception names the JSON path and the reason
     */
    public static Event read(byte[] json) {
        if (json == null) {
            throw new IllegalArgumentException("json must not be null");
        }
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new EventJsonException("$", "document is " + json.length + " bytes, over the limit of "
                    + MAX_DOCUMENT_BYTES);
        }
        JsonFields root = JsonFields.root(parse(json));
        int version = root.integer("v");
        Function<JsonFields, Event> reader = READERS.get(version);
        if (reader == null) {
            throw root.error("v", "unsupported format version " + version + " (this release reads "
                    + new TreeSet<>(READERS.keySet()) + ")");
        }
        return reader.apply(root);
    }

    /** {@link #read(byte[])} from a string. */
    public static Event read(String json) {
        if (json == null) {
            throw new IllegalArgumentException("json must not be null");
        }
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] json) {
        try {
            return TREE_READER.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new EventJsonException(pathOf(e), "not acceptable JSON: " + e.getOriginalMessage() + at, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from memory failed", e);
        }
    }

    /** Where the parser was when it gave up, as a JSON path. */
    private static String pathOf(JsonProcessingException e) {
        if (!(e instanceof StreamReadException) || !(e.getProcessor() instanceof JsonParser parser)) {
            return "$";
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inArray()) {
                path.insert(0, "[" + Math.max(0, context.getCurrentIndex()) + "]");
            } else if (context.getCurrentName() != null) {
                path.insert(0, "." + context.getCurrentName());
            }
        }
        return path.insert(0, "$").toString();
    }
}
