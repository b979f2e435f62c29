package dev.passerelle.core.admin;

import java.util.Optional;

/**
 * The admin listener (health, metrics, provisioning). On loopback a token is optional; bound anywhere
 * else it is required, and every request must carry it as {@code Authorization: Bearer}.
 */
public record AdminSettings(String host, int port, Optional<String> token) {
}
