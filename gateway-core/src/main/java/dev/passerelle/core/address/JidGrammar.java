package dev.passerelle.core.address;

import java.util.Locale;
import java.util.Optional;

/** RFC 7622 rules for JIDs. STUB: the address work replaces this with the full grammar. */
final class JidGrammar {
    private JidGrammar() {
    }

    static void check(Optional<String> local, String domain, Optional<String> resource) {
        if (domain == null || domain.isEmpty()) {
            throw new AddressException("domainpart", "must not be empty");
        }
    }

    static String foldLocal(String local) {
        return local.toLowerCase(Locale.ROOT);
    }

    static String foldDomain(String domain) {
        return domain.toLowerCase(Locale.ROOT);
    }

    static Jid parse(String text) {
        int slash = text.indexOf('/');
        String resource = slash < 0 ? null : text.substring(slash + 1);
        String rest = slash < 0 ? text : text.substring(0, slash);
        int at = rest.indexOf('@');
        String local = at < 0 ? null : rest.substring(0, at);
        String domain = at < 0 ? rest : rest.substring(at + 1);
        return new Jid(Optional.ofNullable(local), domain, Optional.ofNullable(resource));
    }

    static String toUri(Jid jid) {
        return "xmpp:" + jid;
    }
}
