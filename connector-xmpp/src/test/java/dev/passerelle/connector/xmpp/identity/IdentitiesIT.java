package dev.passerelle.connector.xmpp.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.OnEveryServer;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;

/** Identities over a real component connection, seen by a real client on Prosody and on ejabberd. */
@Tag("feature:identity")
class IdentitiesIT {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3};

    /** A live component whose Identities knows one ghost with a name and an avatar. */
    private static final class Setup implements AutoCloseable {
        final LiveComponent component;
        final IdentitiesTest.FakeDirectory directory = new IdentitiesTest.FakeDirectory();
        final Identities identities;
        final EntityBareJid ghost;
        final Avatar avatar = new Avatar("image/png", PNG);
        private final XmppServer server;
        private final List<XMPPTCPConnection> clients = new ArrayList<>();

        Setup(XmppServer server) throws Exception {
            this.server = server;
            component = LiveComponent.connect(server);
            ghost = JidCreate.entityBareFrom(XmppServers.uniqueUser("bob") + "@" + server.componentDomain());
            directory.profiles.put(ghost, new GhostProfile("Bob Example", Optional.of(avatar.sha1())));
            directory.avatars.put(ghost, avatar);
            identities = new Identities(component::send, server.componentDomain(), directory, Subscriptions.inMemory(),
                    Clock.systemUTC());
            component.handle(identities::handle);
            component.on(() -> {
                component.vertx().setPeriodic(100, id -> identities.flush());
                return Future.succeededFuture();
            });
        }

        /** A logged-in client for a new user, disconnected when the setup closes. */
        XMPPTCPConnection client(String base) throws Exception {
            XMPPTCPConnection client = XmppServers.client(server, XmppServers.uniqueUser(base));
            clients.add(client);
            return client;
        }

        @Override
        public void close() throws Exception {
            for (XMPPTCPConnection client : clients) {
                client.disconnect();
            }
            component.close();
        }
    }

    @OnEveryServer
    void aClientDiscoversTheComponentAndItsGhosts(XmppServer server) throws Exception {
        try (Setup setup = new Setup(server)) {
            XMPPTCPConnection client = setup.client("alice");
            ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(client);
            DiscoverInfo domain = disco.discoverInfo(JidCreate.from(server.componentDomain()));
            assertThat(domain.hasIdentity("conference", "text")).isTrue();
            assertThat(domain.containsFeature("vcard-temp")).isTrue();
            assertThat(domain.containsFeature("urn:xmpp:ping")).isTrue();
            assertThat(domain.containsFeature("http://jabber.org/protocol/muc")).isTrue();

            DiscoverInfo ghost = disco.discoverInfo(setup.ghost);
            assertThat(ghost.hasIdentity("account", "registered")).isTrue();
            assertThat(PingManager.getInstanceFor(client).ping(setup.ghost)).isTrue();
        }
    }

    @OnEveryServer
    void aClientLoadsAGhostsVCardWithItsAvatar(XmppServer server) throws Exception {
        try (Setup setup = new Setup(server)) {
            XMPPTCPConnection client = setup.client("alice");
            VCard card = VCardManager.getInstanceFor(client).loadVCard(setup.ghost);
            assertThat(card.getNickName()).isEqualTo("Bob Example");
            assertThat(card.getField("FN")).isEqualTo("Bob Example");
            assertThat(card.getAvatar()).isEqualTo(PNG);
            assertThat(card.getAvatarMimeType()).isEqualTo("image/png");
        }
    }

    @OnEveryServer
    void aClientAddsAGhostToItsRosterAndSeesItsPresence(XmppServer server) throws Exception {
        try (Setup setup = new Setup(server)) {
            XMPPTCPConnection client = setup.client("alice");
            Roster roster = Roster.getInstanceFor(client);
            roster.setSubscriptionMode(Roster.SubscriptionMode.reject_all);
            roster.createItemAndRequestSubscription(setup.ghost, "Bob", null);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                RosterEntry entry = roster.getEntry(setup.ghost);
                assertThat(entry).isNotNull();
                assertThat(entry.getType()).isIn(RosterPacket.ItemType.to, RosterPacket.ItemType.both);
            });

            setup.component.on(() -> setup.identities.presenceChanged(setup.ghost,
                    new PresenceInfo(true, Presence.Mode.away, Optional.of("in a meeting"),
                            Optional.of(setup.avatar.sha1()))));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Presence p = roster.getPresence(setup.ghost);
                assertThat(p.isAvailable()).isTrue();
                assertThat(p.getMode()).isEqualTo(Presence.Mode.away);
                assertThat(p.getStatus()).isEqualTo("in a meeting");
                assertThat(p.toXML().toString()).contains(setup.avatar.sha1());
            });

            setup.component.on(() -> setup.identities.presenceChanged(setup.ghost, PresenceInfo.offline()));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(
                    () -> assertThat(roster.getPresence(setup.ghost).isAvailable()).isFalse());
        }
    }
}
