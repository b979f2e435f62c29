package dev.passerelle.core.address;

import java.util.Optional;

/**
 * An XMPP address (RFC 7622), normalised at construction: domain lower-cased, localpart case-folded.
 * A bare JID has no resource; a MUC occupant is a room JID with the nickname as resource.
 */
public record Jid(Optional<String> localpart, String domainpart, Optional<String> resourcepart) implements Address {

    public Jid {
        // Validation and normalisation live in Addresses / JidGrammar.
        JidGrammar.check(localpart, domainpart, resourcepart);
        localpart = localpart.map(JidGrammar::foldLocal);
        domainpart = JidGrammar.foldDomain(domainpart);
    }

    /** A bare JID {@code local@domain}. */
    public static Jid of(String local, String domain) {
        return new Jid(Optional.of(local), domain, Optional.empty());
    }

    /** Parses {@code local@domain/resource} (not the URI form). */
    public static Jid parse(String text) {
        return JidGrammar.parse(text);
    }

    /** This JID without its resource. */
    public Jid bare() {
        return resourcepart.isEmpty() ? this : new Jid(localpart, domainpart, Optional.empty());
    }

    /** This JID with the given resource (a MUC nickname, a client resource). */
    public Jid withResource(String resource) {
        return new Jid(localpart, domainpart, Optional.of(resource));
    }

    @Override
    public Network network() {
        return Network.XMPP;
    }

    @Override
    public String toUri() {
        return JidGrammar.toUri(this);
    }

    /** The plain JID text, {@code local@domain/resource}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        localpart.ifPresent(l -> sb.append(l).append('@'));
        sb.append(domainpart);
        resourcepart.ifPresent(r -> sb.append('/').append(r));
        return sb.toString();
    }
}
