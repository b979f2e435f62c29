package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One Client-Server API call to make as a ghost. {@code content} is the request body.
 *
 * <ul>
 *   <li>MESSAGE: {@code PUT /rooms/{room}/send/{eventType}/{txnId}}.</li>
 *   <li>STATE: {@code PUT /rooms/{room}/state/{eventType}/{stateKey}}.</li>
 *   <li>REDACTION: {@code PUT /rooms/{room}/redact/{target}/{txnId}}, content {@code {reason?}}.</li>
 *   <li>TYPING: {@code PUT /rooms/{room}/typing/{ghost}}, content {@code {typing, timeout?}}.</li>
 *   <li>RECEIPT: {@code POST /rooms/{room}/receipt/{eventType}/{target}}; eventType is the receipt type.</li>
 *   <li>PRESENCE: {@code PUT /presence/{ghost}/status}, content {@code {presence, status_msg?}}.</li>
 *   <li>PROFILE: {@code PUT /profile/{ghost}/{eventType}}; eventType is {@code displayname} or
 *       {@code avatar_url}.</li>
 * </ul>
 *
 * {@code target} is the Matrix event id a REDACTION removes or a RECEIPT marks as read, and empty otherwise.
 * The content is a fresh node owned by the caller.
 */
public record MatrixSend(Kind kind, String eventType, Optional<String> stateKey, Optional<String> target,
        ObjectNode content) {

    /** Which client call to make. */
    public enum Kind { MESSAGE, STATE, REDACTION, TYPING, RECEIPT, PRESENCE, PROFILE }

    public MatrixSend {
        if (kind == null || eventType == null || eventType.isEmpty() || stateKey == null || target == null
                || content == null) {
            throw new IllegalArgumentException("a Matrix send needs a kind, an event type, optionals and content");
        }
        if (kind == Kind.STATE && stateKey.isEmpty()) {
            throw new IllegalArgumentException("a state send needs a state key (may be \"\")");
        }
        if ((kind == Kind.REDACTION || kind == Kind.RECEIPT) && target.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs the target event id");
        }
    }

    static MatrixSend message(String eventType, ObjectNode content) {
        return new MatrixSend(Kind.MESSAGE, eventType, Optional.empty(), Optional.empty(), content);
    }

    static MatrixSend state(String eventType, String stateKey, ObjectNode content) {
        return new MatrixSend(Kind.STATE, eventType, Optional.of(stateKey), Optional.empty(), content);
    }
}
