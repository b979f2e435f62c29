package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.stream.ComponentSettings;
import dev.passerelle.core.config.ConfigSection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code xmpp} connector's config section: the component link under {@code component:} (see
 * {@link ComponentSettings#from}) and the connector's own keys.
 *
 * @param component the XEP-0114 link to the server
 * @param mucDomains the server's MUC services; a linked room on one of them is a plumbed room, any other XMPP
 *     address outside the component domain is a user reached one to one
 * @param mucNick the nick the gateway's listener takes in plumbed rooms
 * @param selfPingInterval how often the gateway checks that it is still in a plumbed room (XEP-0410)
 * @param ratePerSecond messages per second one XMPP user may send through the gateway, sustained
 * @param rateBurst messages one XMPP user may send at once before the rate applies
 * @param upload whether attachments go to the server's XEP-0363 upload service when it offers one (else the
 *     media service's signed URL is sent)
 */
public record XmppSettings(ComponentSettings component, Set<String> mucDomains, String mucNick,
        Duration selfPingInterval, double ratePerSecond, int rateBurst, boolean upload) {

    /** A nick is a JID resourcepart: printable, no spaces at the ends, at most 1023 bytes; this is stricter. */
    private static final Pattern NICK = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,62}");

    public XmppSettings {
        if (component == null || mucDomains == null || mucNick == null || selfPingInterval == null) {
            throw new IllegalArgumentException("component, mucDomains, mucNick and selfPingInterval are required");
        }
        mucDomains = Set.copyOf(mucDomains);
        for (String d : mucDomains) {
            if (d.equals(component.domain())) {
                throw new IllegalArgumentException("a MUC domain cannot be the component domain " + d);
            }
        }
        if (!NICK.matcher(mucNick).matches()) {
            throw new IllegalArgumentException("mucNick must be 1 to 63 letters, digits, spaces, '.', '_' or '-'"
                    + " starting with a letter or digit, was '" + mucNick + "'");
        }
        if (selfPingInterval.isNegative() || selfPingInterval.isZero()) {
            throw new IllegalArgumentException("selfPingInterval must be positive, was " + selfPingInterval);
        }
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be a positive number, was " + ratePerSecond);
        }
        if (rateBurst < 1) {
            throw new IllegalArgumentException("rateBurst must be at least 1, was " + rateBurst);
        }
    }

    /** Reads and validates the connector's section; every error names its key. */
    public static XmppSettings from(ConfigSection section) {
        section.allowOnly("component", "muc-domains", "muc-nick", "self-ping-interval", "rate-limit", "upload");
        if (!section.has("component")) {
            throw section.error("component", "required: the XEP-0114 link (host, port, domain, secret, ...)");
        }
        ComponentSettings component = ComponentSettings.from(section.section("component"));
        List<String> domains = section.optStringList("muc-domains");
        for (String d : domains) {
            if (d.isBlank() || d.contains("@") || d.contains("/")) {
                throw section.error("muc-domains", "must list bare domains such as conference.example.org, had '"
                        + d + "'");
            }
            if (d.toLowerCase(Locale.ROOT).equals(component.domain())) {
                throw section.error("muc-domains", "must not contain the component domain " + d
                        + ": rooms there are the gateway's own portals");
            }
        }
        String nick = section.optString("muc-nick", "passerelle");
        if (!NICK.matcher(nick).matches()) {
            throw section.error("muc-nick", "must be 1 to 63 letters, digits, spaces, '.', '_' or '-' starting with"
                    + " a letter or digit, was '" + nick + "'");
        }
        ConfigSection rate = section.section("rate-limit");
        rate.allowOnly("per-second", "burst");
        int perSecond = rate.optInt("per-second", 10, 1, 10_000);
        int burst = rate.optInt("burst", 30, 1, 100_000);
        return new XmppSettings(component,
                Set.copyOf(domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList()),
                nick,
                section.optDuration("self-ping-interval", Duration.ofMinutes(5), Duration.ofSeconds(10),
                        Duration.ofDays(1)),
                perSecond,
                burst,
                section.optBool("upload", true));
    }

    /** True when {@code domain} is one of the server's MUC services named in the config. */
    boolean isMucDomain(String domain) {
        return mucDomains.contains(domain.toLowerCase(Locale.ROOT));
    }
}
