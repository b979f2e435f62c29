package dev.passerelle.core.spi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs every access the gateway refuses, in one meter operators can alert on:
 * {@code passerelle.access.refused{surface,reason}} (Prometheus {@code passerelle_access_refused_total}), and one
 * WARN line per refusal on the logger {@code dev.passerelle.access}. Never pass a token or a secret: only the
 * surface, a short reason word and who the peer is.
 */
public final class AccessRefusals {

    /** The meter's name. */
    public static final String METRIC = "passerelle.access.refused";
    /** The logger every refusal is written to, so operators can route it on its own. */
    public static final String LOGGER = "dev.passerelle.access";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    /** Peers and details come from the network (a JID, a server's error text): bounded, and without line breaks in the log. */
    private static final int MAX_TEXT = 300;

    /** Where the refused request arrived, the {@code surface} tag. */
    public enum Surface {
        /** The admin and provisioning HTTP API (bearer token). */
        ADMIN,
        /** The Matrix appservice endpoint the homeserver calls ({@code hs_token}). */
        APPSERVICE,
        /** The Matrix homeserver refusing the gateway's {@code as_token}. */
        HOMESERVER,
        /** The XMPP server refusing the gateway's component handshake (secret, domain). */
        COMPONENT,
        /** A stanza arriving through the XMPP server. */
        XMPP,
        /** An event arriving from the Matrix homeserver. */
        MATRIX,
        /** A peer MIMI provider (mutual TLS, claimed domains). */
        MIMI,
        /** The public media listener (signed URLs). */
        MEDIA;

        /** The tag value, e.g. {@code appservice}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public AccessRefusals(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Counts one refusal and logs it at WARN. Call it once per refused request, connection or stanza.
     *
     * @param reason a short stable word in lower case with underscores ({@code wrong_token}); it is a tag value
     * @param peer who was refused (an address, a JID, a certificate's domain), or a placeholder if unknown
     * @param detail what an operator reads to fix it; must not contain a token or a secret
     * @throws IllegalArgumentException if the reason is not such a word
     */
    public void refused(Surface surface, String reason, String peer, String detail) {
        repeated(surface, reason);
        LOG.warn("access refused: surface={} reason={} peer={}: {}", surface.tag(), reason, printable(peer),
                printable(detail));
    }

    /**
     * Counts one refusal without logging it: for a retry loop that keeps being refused for the same reason, whose
     * first refusal was logged with {@link #refused}, so the log is not flooded once per attempt.
     */
    public void repeated(Surface surface, String reason) {
        Objects.requireNonNull(surface, "surface");
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("a refusal reason is a lower-case word of letters, digits and "
                    + "underscores (at most 40), was '" + reason + "'");
        }
        Counter.builder(METRIC)
                .description("Requests, connections and stanzas refused for access reasons, by surface and reason")
                .tag("surface", surface.tag())
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** How many refusals were counted for this surface and reason (0 if none). */
    public double count(Surface surface, String reason) {
        Counter counter = registry.find(METRIC).tag("surface", surface.tag()).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Keeps network-supplied text from forging log lines or flooding the log. */
    static String printable(String text) {
        if (text == null || text.isEmpty()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_TEXT + 3));
        for (int i = 0; i < text.length() && out.length() < MAX_TEXT; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_TEXT) {
            out.append("...");
        }
        return out.toString();
    }
}
