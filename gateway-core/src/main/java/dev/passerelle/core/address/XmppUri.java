package dev.passerelle.core.address;

import java.util.Optional;

/**
 * The {@code xmpp:} URI of RFC 5122. Only the JID is kept: a query ({@code ?message;body=...}) and a fragment
 * describe an action, not an address, and are ignored; the authority form {@code xmpp://account@host/target}
 * names the account that would act, so the target JID after it is taken.
 */
final class XmppUri {
    static final String SCHEME = "xmpp";

    private XmppUri() {
    }

    static String print(Jid jid) {
        StringBuilder sb = new StringBuilder("xmpp:");
        jid.localpart().ifPresent(l -> sb.append(PercentEncoding.encode(l, XmppUri::nodeAllowed)).append('@'));
        sb.append(PercentEncoding.encode(jid.domainpart(), XmppUri::hostAllowed));
        jid.resourcepart().ifPresent(r -> sb.append('/').append(PercentEncoding.encode(r, XmppUri::resAllowed)));
        return sb.toString();
    }

    /** Parses the text after {@code xmpp:}. */
    static Jid parse(String afterScheme) {
        String rest = stripQueryAndFragment(afterScheme);
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            if (slash < 0) {
                throw new AddressException("uri", "xmpp://" + rest.substring(2)
                        + " names only the account to use, no target JID");
            }
            rest = rest.substring(slash + 1);
        }
        // Split on the literal delimiters first, then decode each part: a %40 or %2F stays inside its part.
        int slash = rest.indexOf('/');
        String head = slash < 0 ? rest : rest.substring(0, slash);
        Optional<String> resource = slash < 0 ? Optional.empty()
                : Optional.of(PercentEncoding.decode(rest.substring(slash + 1), "resourcepart"));
        int at = head.indexOf('@');
        Optional<String> local = at < 0 ? Optional.empty()
                : Optional.of(PercentEncoding.decode(head.substring(0, at), "localpart"));
        String domain = PercentEncoding.decode(at < 0 ? head : head.substring(at + 1), "domainpart");
        return new Jid(local, domain, resource);
    }

    private static String stripQueryAndFragment(String s) {
        int hash = s.indexOf('#');
        String noFragment = hash < 0 ? s : s.substring(0, hash);
        int query = noFragment.indexOf('?');
        return query < 0 ? noFragment : noFragment.substring(0, query);
    }

    /** RFC 5122 inodeid: unreserved and "nodeallow". */
    private static boolean nodeAllowed(int c) {
        return PercentEncoding.unreserved(c) || "!$()*+,;=".indexOf(c) >= 0;
    }

    /** A host: hostname characters and the brackets and colons of an IP literal. */
    private static boolean hostAllowed(int c) {
        return PercentEncoding.unreserved(c) || c == '[' || c == ']' || c == ':';
    }

    /** RFC 5122 iresid: unreserved and "resallow". */
    private static boolean resAllowed(int c) {
        return PercentEncoding.unreserved(c) || "!$&'()*+,:;=".indexOf(c) >= 0;
    }
}
