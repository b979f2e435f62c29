package dev.passerelle.core.admin;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin listener (health, metrics, provisioning). On loopback a token is optional; bound anywhere
 * else it is required, and every request must carry it as {@code Authorization: Bearer}. Port 0 binds
 * any free port (tests).
 */
public record AdminSettings(String host, int port, Optional<String> token) {

    /** The shortest token accepted: long enough that guessing it over HTTP is hopeless. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

    public AdminSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("admin host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("admin port must be between 0 and 65535, was " + port);
        }
        if (token == null) {
            throw new IllegalArgumentException("token must not be null (use Optional.empty())");
        }
        token.ifPresent(AdminSettings::checkToken);
        if (token.isEmpty() && !isLoopback(host)) {
            throw new IllegalArgumentException("a token is required when the admin listener binds " + host
                    + ", which is not a loopback address");
        }
    }

    /** The defaults: 127.0.0.1:8008, no token. */
    public static AdminSettings defaults() {
        return new AdminSettings("127.0.0.1", 8008, Optional.empty());
    }

    /**
     * True for addresses only this machine can reach: {@code localhost}, {@code 127.x.x.x}, {@code ::1}.
     * Names are not resolved: any other name counts as reachable from elsewhere.
     */
    public static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || IPV4_LOOPBACK.matcher(h).matches();
    }

    /** Why a token is unacceptable, or empty if it is fine. */
    public static Optional<String> tokenProblem(String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            return Optional.of("must be at least " + MIN_TOKEN_LENGTH + " characters, was " + token.length());
        }
        if (!TOKEN.matcher(token).matches()) {
            return Optional.of("must be printable ASCII without spaces (it travels in an HTTP header)");
        }
        return Optional.empty();
    }

    private static void checkToken(String token) {
        tokenProblem(token).ifPresent(p -> {
            throw new IllegalArgumentException("admin token " + p);
        });
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AdminSettings[host=" + host + ", port=" + port + ", token=" + (token.isPresent() ? "(set)" : "(none)") + "]";
    }
}
