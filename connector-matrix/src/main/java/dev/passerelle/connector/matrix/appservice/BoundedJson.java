package dev.passerelle.connector.matrix.appservice;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Parses a request body into a JSON tree within limits: nesting depth, number and string length, no
 * duplicate keys, nothing after the value. A body that breaks a limit is a typed rejection, not a crash.
 */
final class BoundedJson {

    /** Longer numbers are not ids or timestamps but an attempt to make the parser work hard. */
    static final int MAX_NUMBER_LENGTH = 100;

    /** Why a body was refused. */
    static final class Rejected extends Exception {
        private final MatrixError error;

        Rejected(MatrixError error, String message) {
            super(message, null, false, false);
            this.error = error;
        }

        MatrixError error() {
            return error;
        }
    }

    private final ObjectMapper mapper;

    BoundedJson(long maxBodyBytes, int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength((int) Math.min(maxBodyBytes, Integer.MAX_VALUE))
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body's JSON tree; an empty body is refused. */
    JsonNode parse(byte[] body) throws Rejected {
        if (body.length == 0) {
            throw new Rejected(MatrixError.NOT_JSON, "the request body is empty");
        }
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new Rejected(MatrixError.NOT_JSON, "the request body holds no JSON value");
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw new Rejected(MatrixError.BAD_JSON, "JSON beyond the limits: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                throw new Rejected(MatrixError.BAD_JSON, "JSON with a duplicate key: " + message);
            }
            throw new Rejected(MatrixError.NOT_JSON, "not valid JSON: " + message);
        } catch (IOException e) {
            throw new Rejected(MatrixError.NOT_JSON, "unreadable body: " + e.getMessage());
        }
    }
}
