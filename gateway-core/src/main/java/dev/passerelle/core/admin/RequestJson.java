package dev.passerelle.core.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.io.IOException;

/**
 * Reads a request body as JSON within limits: at most {@link #MAX_DEPTH} levels, numbers of at most
 * {@link #MAX_NUMBER_LENGTH} characters, no key twice in an object (parsers disagree on which copy wins, so a
 * duplicate would make the request mean different things to different readers). A body that breaks them is a 400
 * that says why.
 */
final class RequestJson {
    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 100;

    private static final JsonFactory STRICT = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RequestJson() {
    }

    /** The body's JSON value (a JsonObject, JsonArray, String, Number, Boolean or null); null for an empty body. */
    static Object decode(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        byte[] bytes = body.getBytes();
        // A streaming pass checks the limits without building anything; then the body is read as usual.
        try (JsonParser p = STRICT.createParser(bytes)) {
            while (p.nextToken() != null) {
                // every token is read: the limits and the duplicate check apply as each one is
            }
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("body is not valid JSON: " + e.getMessage());
        }
        try {
            return Json.decodeValue(body);
        } catch (DecodeException e) {
            throw ApiError.badRequest("body is not valid JSON: " + e.getMessage());
        }
    }
}
