package dev.passerelle.connector.xmpp.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;

/** The Prosody and ejabberd servers scripts/test runs for the integration tests, and real clients for them. */
public final class XmppServers {

    /** {@code 127.0.0.1:C2S_PORT:COMPONENT_PORT:HTTP_PORT} of the Prosody server. */
    public static final String PROSODY_PROPERTY = "passerelle.test.prosody";
    /** {@code 127.0.0.1:C2S_PORT:COMPONENT_PORT:HTTP_PORT} of the ejabberd server. */
    public static final String EJABBERD_PROPERTY = "passerelle.test.ejabberd";
    /** The secret of the component {@code gw.localhost}, the same on both servers. */
    public static final String SECRET_PROPERTY = "passerelle.test.xmpp.secret";

    private static final long REPLY_TIMEOUT_MILLIS = 10_000;


    private XmppServers() {}

    /** One running server, as the shipped configs set it up (deploy/examples/xmpp). */
    public record XmppServer(
            String name,
            String host,
            int c2sPort,
            int componentPort,
            int httpPort,
            String domain,
            String componentDomain,
            String componentSecret,
            String mucDomain) {

        public XmppServer {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(componentDomain, "componentDomain");
            Objects.requireNonNull(componentSecret, "componentSecret");
            Objects.requireNonNull(mucDomain, "mucDomain");
            if (!name.equals("prosody") && !name.equals("ejabberd")) {
                throw new IllegalArgumentException("server name must be prosody or ejabberd, got " + name);
            }
            for (int port : new int[] {c2sPort, componentPort, httpPort}) {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException(name + ": port out of range: " + port);
                }
            }
            if (componentSecret.isEmpty()) {
                throw new IllegalArgumentException(name + ": the component secret is empty");
            }
        }

        /** The bare JID {@code user@domain} of a local user. */
        public EntityBareJid userJid(String user) {
            try {
                return JidCreate.entityBareFrom(user + "@" + domain);
            } catch (XmppStringprepException e) {
                throw new IllegalArgumentException("not a valid user name: " + user, e);
            }
        }

        /** The bare JID {@code room@mucDomain} of a group chat. */
        public EntityBareJid roomJid(String room) {
            try {
                return JidCreate.entityBareFrom(room + "@" + mucDomain);
            } catch (XmppStringprepException e) {
                throw new IllegalArgumentException("not a valid room name: " + room, e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Both servers; fails (never skips) when scripts/test did not start them. */
    public static List<XmppServer> all() {
        return List.of(prosody(), ejabberd());
    }

    public static XmppServer prosody() {
        return fromProperty("prosody", PROSODY_PROPERTY);
    }

    public static XmppServer ejabberd() {
        return fromProperty("ejabberd", EJABBERD_PROPERTY);
    }

    static XmppServer fromProperty(String name, String property) {
        String value = required(property);
        String[] parts = value.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalStateException(
                    "system property " + property + " must be HOST:C2S_PORT:COMPONENT_PORT:HTTP_PORT, got '" + value + "'");
        }
        try {
            return new XmppServer(
                    name,
                    parts[0],
                    Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]),
                    "localhost",
                    "gw.localhost",
                    required(SECRET_PROPERTY),
                    "conference.localhost");
        } catch (NumberFormatException e) {
            throw new IllegalStateException("system property " + property + " has a port that is not a number: '" + value + "'", e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "system property " + property + " is not set: run the integration tests with scripts/test, which starts"
                            + " Prosody and ejabberd, or start them with scripts/test-servers start and pass the -D arguments it prints");
        }
        return value;
    }

    /** A user name no other test uses: {@code base-<random>} (the servers keep their accounts for the whole run). */
    public static String uniqueUser(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The password the fixtures give {@code user}. */
    public static String password(String user) {
        return "pw-" + user;
    }

    /**
     * A logged-in client for {@code user} on {@code server}, registering the account in-band (XEP-0077) first if
     * it does not exist yet. The caller disconnects it.
     */
    public static XMPPTCPConnection client(XmppServer server, String user)
            throws IOException, InterruptedException, SmackException, XMPPException {
        XMPPTCPConnectionConfiguration config =
                XMPPTCPConnectionConfiguration.builder()
                        .setXmppDomain(server.domain())
                        .setHostAddress(InetAddress.getByName(server.host()))
                        .setPort(server.c2sPort())
                        // Plain TCP: the servers listen on loopback only and have no certificates; nothing leaves the machine.
                        .setSecurityMode(SecurityMode.disabled)
                        .setUsernameAndPassword(user, password(user))
                        .setResource("test")
                        .setSendPresence(true)
                        .build();
        XMPPTCPConnection connection = new XMPPTCPConnection(config);
        connection.setReplyTimeout(REPLY_TIMEOUT_MILLIS);
        connection.connect();
        try {
            register(connection, user);
            connection.login();
            return connection;
        } catch (IOException | InterruptedException | SmackException | XMPPException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static void register(XMPPTCPConnection connection, String user)
            throws InterruptedException, SmackException, XMPPException {
        AccountManager accounts = AccountManager.getInstance(connection);
        // Registration sends the password in the clear: acceptable only because the stream stays on loopback.
        accounts.sensitiveOperationOverInsecureConnection(true);
        try {
            accounts.createAccount(Localpart.from(user), password(user));
        } catch (XMPPException.XMPPErrorException e) {
            if (e.getStanzaError().getCondition() != org.jivesoftware.smack.packet.StanzaError.Condition.conflict) {
                throw e;
            }
            // conflict: the account exists already, from an earlier call for the same user.
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid user name: " + user, e);
        }
    }
}
