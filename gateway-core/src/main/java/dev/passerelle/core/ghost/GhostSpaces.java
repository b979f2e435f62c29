package dev.passerelle.core.ghost;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MimiUserUri;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the gateway's ghosts live on each network: the XMPP component domain, the Matrix server name and
 * the localpart prefix of the appservice's exclusive namespace, and the gateway's MIMI provider domain.
 * Validated at construction; the XMPP domain and MIMI provider are normalised (lower-cased).
 */
public record GhostSpaces(String xmppDomain, String matrixServer, String matrixPrefix, String mimiProvider) {

    public GhostSpaces {
        xmppDomain = check("xmppDomain", xmppDomain, d -> Jid.ofDomain(d).domainpart());
        matrixServer = check("matrixServer", matrixServer,
                s -> new MatrixRoomId("x", Optional.of(s)).serverName().orElseThrow());
        matrixPrefix = check("matrixPrefix", matrixPrefix, GhostSpaces::prefix);
        mimiProvider = check("mimiProvider", mimiProvider, p -> new MimiUserUri(p, "x").provider());
    }

    /** The spaces of a single local test setup: {@code gw.localhost}, {@code localhost}, {@code _passerelle_}. */
    public static GhostSpaces defaults() {
        return new GhostSpaces("gw.localhost", "localhost", "_passerelle_", "localhost");
    }

    /**
     * The prefix must be made of characters the current Matrix grammar allows, so that every ghost localpart
     * is valid; it must not be empty, or the exclusive namespace would take every user of the server.
     */
    private static String prefix(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        prefix.chars().filter(c -> !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "._=-/+".indexOf(c) >= 0))
                .findFirst().ifPresent(c -> {
                    throw new IllegalArgumentException("contains '" + (char) c + "' (allowed: a-z 0-9 . _ = - / +)");
                });
        return prefix;
    }

    /** Normalises one setting; an {@code AddressException} says which part of it is wrong. */
    private static String check(String key, String value, UnaryOperator<String> normalise) {
        if (value == null) {
            throw new IllegalArgumentException("ghost spaces: " + key + " is required");
        }
        try {
            return normalise.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ghost spaces: " + key + " '" + value + "': " + e.getMessage(), e);
        }
    }
}
