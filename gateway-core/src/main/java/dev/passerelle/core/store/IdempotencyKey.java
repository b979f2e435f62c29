package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.EventId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The key a target uses to recognise a resend (Matrix transaction id, XMPP origin-id, MIMI message id
 * input). Derived only from (event, target), so every retry and every node computes the same key.
 */
public record IdempotencyKey(String value) {

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("idempotency key must not be empty");
        }
    }

    /** The key of the delivery of {@code event} to {@code target}: 26 URL-safe characters (156 bits). */
    public static IdempotencyKey derive(EventId event, Address target) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(event.toString().getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(target.toUri().getBytes(StandardCharsets.UTF_8));
            String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
            return new IdempotencyKey("pg" + b64.substring(0, 24));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
