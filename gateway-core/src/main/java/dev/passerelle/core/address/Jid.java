package dev.passerelle.core.address;

import java.util.Optional;

/**
 * An XMPP address (RFC 7622), normalised at construction: domain lower-cased, localpart case-folded and
 * NFKC-normalised, resource NFC-normalised (see {@code JidGrammar} for how this approximates PRECIS).
 * A bare JID has no resource; a MUC occupant is a room JID with the nickname as resource.
 */
public record Jid(Optional<String> localpart, String domainpart, Optional<String> resourcepart) implements Address {

    public Jid {
        if (localpart == null || resourcepart == null) {
            throw new AddressException(localpart == null ? "localpart" : "resourcepart",
                    "must be an Optional, not null");
        }
        localpart = localpart.map(JidGrammar::localpart);
        domainpart = JidGrammar.domainpart(domainpart);
        resourcepart = resourcepart.map(JidGrammar::resourcepart);
    }

    /** A bare JID {@code local@domain}. */
    public static Jid of(String local, String domain) {
        return new Jid(Optional.of(local), domain, Optional.empty());
    }

    /** A JID of a domain alone, such as a server or a component. */
    public static Jid ofDomain(String domain) {
        return new Jid(Optional.empty(), domain, Optional.empty());
    }

    /** Parses {@code local@domain/resource} (not the URI form, so no percent-decoding). */
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

    /** The RFC 5122 form, {@code xmpp:local@domain/resource}, percent-encoded where that RFC asks. */
    @Override
    public String toUri() {
        return XmppUri.print(this);
    }

    /** The plain JID text, {@code local@domain/resource}; {@link #parse(String)} reads it back. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        localpart.ifPresent(l -> sb.append(l).append('@'));
        sb.append(domainpart);
        resourcepart.ifPresent(r -> sb.append('/').append(r));
        return sb.toString();
    }
}
