package dev.passerelle.connector.dma.protocol;

import java.util.Objects;

/** Why a MIMI body was refused: the field path (e.g. {@code KeyMaterialRequest.roomId}) and the reason. */
public record ProtocolError(String fieldPath, String reason) {

    /** Checks both parts are present. */
    public ProtocolError {
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line for an HTTP 400 body or a log: {@code field: reason}. */
    public String describe() {
        return fieldPath + ": " + reason;
    }
}
