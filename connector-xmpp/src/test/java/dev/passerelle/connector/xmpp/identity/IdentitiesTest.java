package dev.passerelle.connector.xmpp.identity;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

class IdentitiesTest {
    static final String DOMAIN = "gw.localhost";
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private static StanzaSchemas schemas;

    private final List<Stanza> sent = new ArrayList<>();
    private final FakeDirectory directory = new FakeDirectory();
    private final Subscriptions subscriptions = Subscriptions.inMemory();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Identities identities;

    /** Ghosts are every gw.localhost JID except portal-* (rooms); profiles only for those put in. */
    static class FakeDirectory implements GhostDirectory {
        final Map<EntityBareJid, GhostProfile> profiles = new HashMap<>();
        final Map<EntityBareJid, Avatar> avatars = new HashMap<>();
        int avatarFetches;

        @Override
        public boolean isGhost(EntityBareJid jid) {
            return jid.getDomain().toString().equals(DOMAIN) && !jid.getLocalpart().toString().startsWith("portal-");
        }

        @Override
        public Future<Optional<GhostProfile>> profile(EntityBareJid ghost) {
            return Future.succeededFuture(Optional.ofNullable(profiles.get(ghost)));
        }

        @Override
        public Future<Optional<Avatar>> avatar(EntityBareJid ghost) {
            avatarFetches++;
            return Future.succeededFuture(Optional.ofNullable(avatars.get(ghost)));
        }
    }

    @BeforeAll
    static void loadSchemas() throws SAXException {
        schemas = StanzaSchemas.shared();
    }

    @BeforeEach
    void setUp() {
        identities = new Identities(this::record, DOMAIN, directory, subscriptions, clock);
    }

    private Future<Void> record(Stanza stanza) {
        sent.add(stanza);
        return Future.succeededFuture();
    }

    static EntityBareJid jid(String s) {
        return JidCreate.entityBareFromOrThrowUnchecked(s);
    }

    static Stanza parse(String xml) throws Exception {
        return PacketParserUtils.parseStanza(xml);
    }

    private Stanza only() throws Exception {
        assertThat(sent).hasSize(1);
        schemas.validate(sent.get(0));
        return sent.get(0);
    }

    private void validateAll() throws Exception {
        for (Stanza s : sent) {
            schemas.validate(s);
        }
    }

    @Test
    void theDomainIsAChatServiceWithDiscoPingVCardAndMuc() throws Exception {
        boolean handled = identities.handle(parse("<iq xmlns='jabber:client' type='get' id='d1' from='alice@localhost/pc'"
                + " to='gw.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"));

        assertThat(handled).isTrue();
        DiscoverInfo info = (DiscoverInfo) only();
        assertThat(info.getType()).isEqualTo(IQ.Type.result);
        assertThat(info.getStanzaId()).isEqualTo("d1");
        assertThat(info.getTo().toString()).isEqualTo("alice@localhost/pc");
        assertThat(info.getFrom().toString()).isEqualTo(DOMAIN);
        assertThat(info.hasIdentity("conference", "text")).isTrue();
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar).containsExactlyInAnyOrder(
                "http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items", "urn:xmpp:ping",
                "vcard-temp", "http://jabber.org/protocol/muc");
    }

    @Test
    void aGhostIsARegisteredAccount() throws Exception {
        identities.handle(parse("<iq xmlns='jabber:client' type='get' id='d2' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost/x'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"));

        DiscoverInfo info = (DiscoverInfo) only();
        assertThat(info.getFrom().toString()).isEqualTo("bob_matrix@gw.localhost/x");
        assertThat(info.hasIdentity("account", "registered")).isTrue();
        assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
        assertThat(info.containsFeature("vcard-temp")).isTrue();
    }

    @Test
    void itemsAreEmptyAndNodesAreUnknown() throws Exception {
        identities.handle(parse("<iq xmlns='jabber:client' type='get' id='i1' from='alice@localhost/pc'"
                + " to='gw.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>"));
        identities.handle(parse("<iq xmlns='jabber:client' type='get' id='i2' from='alice@localhost/pc'"
                + " to='gw.localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='x'/></iq>"));

        validateAll();
        assertThat(((DiscoverItems) sent.get(0)).getItems()).isEmpty();
        assertThat(sent.get(1).getError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
    }

    @Test
    void portalsUsersElsewhereAndRepliesAreLeftToTheCaller() throws Exception {
        assertThat(identities.handle(parse("<iq xmlns='jabber:client' type='get' id='p' from='alice@localhost/pc'"
                + " to='portal-room@gw.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"))).isFalse();
        assertThat(identities.handle(parse("<iq xmlns='jabber:client' type='get' id='q' from='alice@localhost/pc'"
                + " to='bob@localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"))).isFalse();
        assertThat(identities.handle(parse("<iq xmlns='jabber:client' type='result' id='r' from='localhost'"
                + " to='gw.localhost'/>"))).isFalse();
        assertThat(identities.handle(parse("<message xmlns='jabber:client' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost'><body>hi</body></message>"))).isFalse();
        assertThat(identities.handle(parse("<presence xmlns='jabber:client' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost'/>"))).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void aKnownGhostsVCardCarriesItsNameAndAvatar() throws Exception {
        EntityBareJid bob = jid("bob_matrix@gw.localhost");
        Avatar avatar = new Avatar("image/png", PNG);
        directory.profiles.put(bob, new GhostProfile("Bob Example", Optional.of(avatar.sha1())));
        directory.avatars.put(bob, avatar);

        identities.handle(parse("<iq xmlns='jabber:client' type='get' id='v1' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost'><vCard xmlns='vcard-temp'/></iq>"));

        Stanza reply = only();
        String xml = reply.toXML().toString();
        assertThat(xml).contains("<TYPE>image/png</TYPE>").contains("<FN>Bob Example</FN>");
        VCard card = (VCard) parse(xml);
        assertThat(card.getType()).isEqualTo(IQ.Type.result);
        assertThat(card.getFrom().toString()).isEqualTo("bob_matrix@gw.localhost");
        assertThat(card.getNickName()).isEqualTo("Bob Example");
        assertThat(card.getAvatar()).isEqualTo(PNG);
        assertThat(card.getAvatarMimeType()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(xml.replaceAll("(?s).*<BINVAL>(.*)</BINVAL>.*", "$1"))).isEqualTo(PNG);
    }

    @Test
    void aGhostWithoutAvatarIsNotFetchedForOne() throws Exception {
        EntityBareJid bob = jid("bob_matrix@gw.localhost");
        directory.profiles.put(bob, new GhostProfile("Bob", Optional.empty()));

        identities.handle(parse("<iq xmlns='jabber:client' type='get' id='v2' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost'><vCard xmlns='vcard-temp'/></iq>"));

        assertThat(only().toXML().toString()).contains("<FN>Bob</FN>").doesNotContain("PHOTO");
        assertThat(directory.avatarFetches).isZero();
    }

    @Test
    void anUnknownGhostHasNoVCardAndNobodyEditsOne() throws Exception {
        identities.handle(parse("<iq xmlns='jabber:client' type='get' id='v3' from='alice@localhost/pc'"
                + " to='nobody_matrix@gw.localhost'><vCard xmlns='vcard-temp'/></iq>"));
        identities.handle(parse("<iq xmlns='jabber:client' type='set' id='v4' from='alice@localhost/pc'"
                + " to='nobody_matrix@gw.localhost'><vCard xmlns='vcard-temp'><FN>x</FN></vCard></iq>"));

        validateAll();
        assertThat(sent).extracting(s -> s.getError().getCondition())
                .containsExactly(StanzaError.Condition.item_not_found, StanzaError.Condition.not_allowed);
        assertThat(sent).extracting(Stanza::getStanzaId).containsExactly("v3", "v4");
    }

    @Test
    void aFailingDirectoryGetsAnInternalServerError() throws Exception {
        Identities failing = new Identities(this::record, DOMAIN, new FakeDirectory() {
            @Override
            public Future<Optional<GhostProfile>> profile(EntityBareJid ghost) {
                return Future.failedFuture(new IllegalStateException("store down"));
            }
        }, subscriptions, clock);

        failing.handle(parse("<iq xmlns='jabber:client' type='get' id='v5' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost'><vCard xmlns='vcard-temp'/></iq>"));

        assertThat(only().getError().getCondition()).isEqualTo(StanzaError.Condition.internal_server_error);
    }

    @Test
    void aGhostAnswersPings() throws Exception {
        identities.handle(parse("<iq xmlns='jabber:client' type='get' id='ping1' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost/x'><ping xmlns='urn:xmpp:ping'/></iq>"));

        IQ pong = (IQ) only();
        assertThat(pong.getType()).isEqualTo(IQ.Type.result);
        assertThat(pong.getStanzaId()).isEqualTo("ping1");
        assertThat(pong.getChildElementName()).isNull();
        assertThat(pong.getFrom().toString()).isEqualTo("bob_matrix@gw.localhost/x");
    }

    @Test
    void aSubscriptionIsApprovedWithTheCurrentPresence() throws Exception {
        EntityBareJid bob = jid("bob_matrix@gw.localhost");
        String hash = new Avatar("image/png", PNG).sha1();
        identities.presenceChanged(bob, new PresenceInfo(true, Presence.Mode.away, Optional.of("lunch"), Optional.of(hash)));
        assertThat(sent).isEmpty(); // nobody subscribed yet

        identities.handle(parse("<presence xmlns='jabber:client' type='subscribe' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost'/>"));

        validateAll();
        assertThat(sent).hasSize(2);
        Presence approved = (Presence) sent.get(0);
        assertThat(approved.getType()).isEqualTo(Presence.Type.subscribed);
        assertThat(approved.getTo().toString()).isEqualTo("alice@localhost");
        assertThat(approved.getFrom().toString()).isEqualTo("bob_matrix@gw.localhost");
        Presence current = (Presence) sent.get(1);
        assertThat(current.getType()).isEqualTo(Presence.Type.available);
        assertThat(current.getMode()).isEqualTo(Presence.Mode.away);
        assertThat(current.getStatus()).isEqualTo("lunch");
        assertThat(current.toXML().toString()).contains("<x xmlns='vcard-temp:x:update'><photo>" + hash + "</photo></x>");
        assertThat(subscriptions.subscribers(bob).result()).extracting(Object::toString).containsExactly("alice@localhost");
    }

    @Test
    void probesAreAnsweredForSubscribersOnly() throws Exception {
        EntityBareJid bob = jid("bob_matrix@gw.localhost");
        subscriptions.add(bob, JidCreate.bareFrom("alice@localhost"));

        identities.handle(parse("<presence xmlns='jabber:client' type='probe' from='alice@localhost'"
                + " to='bob_matrix@gw.localhost'/>"));
        identities.handle(parse("<presence xmlns='jabber:client' type='probe' from='eve@localhost'"
                + " to='bob_matrix@gw.localhost'/>"));

        validateAll();
        assertThat(sent).extracting(s -> ((Presence) s).getType())
                .containsExactly(Presence.Type.unavailable, Presence.Type.unsubscribed);
        assertThat(sent).extracting(s -> s.getTo().toString()).containsExactly("alice@localhost", "eve@localhost");
    }

    @Test
    void unsubscribingEndsTheFanOut() throws Exception {
        EntityBareJid bob = jid("bob_matrix@gw.localhost");
        subscriptions.add(bob, JidCreate.bareFrom("alice@localhost"));

        identities.handle(parse("<presence xmlns='jabber:client' type='unsubscribe' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost'/>"));
        assertThat(identities.handle(parse("<presence xmlns='jabber:client' type='unsubscribed' from='alice@localhost/pc'"
                + " to='bob_matrix@gw.localhost'/>"))).isTrue();

        validateAll();
        assertThat(sent).extracting(s -> ((Presence) s).getType())
                .containsExactly(Presence.Type.unsubscribed, Presence.Type.unavailable);
        assertThat(subscriptions.subscribers(bob).result()).isEmpty();
        sent.clear();
        identities.presenceChanged(bob, PresenceInfo.online(Optional.empty()));
        assertThat(sent).isEmpty();
    }

    @Test
    void presenceGoesToEverySubscriberWithTheAvatarHash() throws Exception {
        EntityBareJid bob = jid("bob_matrix@gw.localhost");
        subscriptions.add(bob, JidCreate.bareFrom("alice@localhost"));
        subscriptions.add(bob, JidCreate.bareFrom("carol@localhost"));
        String hash = new Avatar("image/png", PNG).sha1();

        identities.presenceChanged(bob, new PresenceInfo(true, Presence.Mode.dnd, Optional.of("busy"), Optional.of(hash)));

        validateAll();
        assertThat(sent).extracting(s -> s.getTo().toString())
                .containsExactlyInAnyOrder("alice@localhost", "carol@localhost");
        for (Stanza s : sent) {
            Presence p = (Presence) s;
            assertThat(p.getMode()).isEqualTo(Presence.Mode.dnd);
            PhotoUpdate update = (PhotoUpdate) p.getExtensionElement("x", "vcard-temp:x:update");
            assertThat(update.hash()).contains(hash);
        }
        sent.clear();

        clock.advance(Duration.ofSeconds(2));
        identities.presenceChanged(bob, PresenceInfo.online(Optional.empty()));
        validateAll();
        assertThat(sent).allSatisfy(s -> assertThat(s.toXML().toString())
                .contains("<x xmlns='vcard-temp:x:update'><photo/></x>").doesNotContain("<show>"));
    }

    @Test
    void changesWithinTheWindowCollapseIntoTheLatest() throws Exception {
        EntityBareJid bob = jid("bob_matrix@gw.localhost");
        subscriptions.add(bob, JidCreate.bareFrom("alice@localhost"));

        identities.presenceChanged(bob, status("one"));
        clock.advance(Duration.ofMillis(200));
        identities.presenceChanged(bob, status("two"));
        identities.presenceChanged(bob, status("three"));
        identities.flush();
        assertThat(sent).extracting(s -> ((Presence) s).getStatus()).containsExactly("one");
        assertThat(identities.waitingPresences()).isEqualTo(1);

        clock.advance(Duration.ofMillis(799));
        identities.flush();
        assertThat(sent).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        identities.flush();
        assertThat(sent).extracting(s -> ((Presence) s).getStatus()).containsExactly("one", "three");
        assertThat(identities.waitingPresences()).isZero();
    }

    @Test
    void theGlobalRateHoldsBackTheRestAndTheBacklogStaysBounded() throws Exception {
        Identities limited = new Identities(this::record, DOMAIN, directory, subscriptions,
                new PresenceLimits(Duration.ofSeconds(1), 2, 2, 3), clock);
        List<EntityBareJid> ghosts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            EntityBareJid g = jid("g" + i + "@gw.localhost");
            ghosts.add(g);
            subscriptions.add(g, JidCreate.bareFrom("alice@localhost"));
        }

        for (EntityBareJid g : ghosts) {
            limited.presenceChanged(g, status("hi"));
        }

        // Burst of 2 goes out; 4 wait, but only 3 may: the longest waiting (g2) is dropped.
        assertThat(sent).extracting(s -> s.getFrom().toString()).containsExactly("g0@gw.localhost", "g1@gw.localhost");
        assertThat(limited.waitingPresences()).isEqualTo(3);
        assertThat(limited.droppedPresences()).isEqualTo(1);

        clock.advance(Duration.ofMillis(499));
        limited.flush();
        assertThat(sent).hasSize(2);
        clock.advance(Duration.ofMillis(1));
        limited.flush();
        assertThat(sent).extracting(s -> s.getFrom().toString()).endsWith("g3@gw.localhost").hasSize(3);
        clock.advance(Duration.ofSeconds(1));
        limited.flush();
        assertThat(sent).extracting(s -> s.getFrom().toString())
                .containsExactly("g0@gw.localhost", "g1@gw.localhost", "g3@gw.localhost", "g4@gw.localhost", "g5@gw.localhost");
        validateAll();
    }

    @Test
    void aLargeFanOutIsPaidForBeforeTheNextGhost() throws Exception {
        Identities limited = new Identities(this::record, DOMAIN, directory, subscriptions,
                new PresenceLimits(Duration.ZERO, 10, 10, 100), clock);
        EntityBareJid big = jid("big@gw.localhost");
        for (int i = 0; i < 15; i++) {
            subscriptions.add(big, JidCreate.bareFrom("u" + i + "@localhost"));
        }
        EntityBareJid small = jid("small@gw.localhost");
        subscriptions.add(small, JidCreate.bareFrom("alice@localhost"));

        limited.presenceChanged(big, status("x"));
        limited.presenceChanged(small, status("y"));
        assertThat(sent).hasSize(15);

        clock.advance(Duration.ofMillis(500)); // 5 tokens back: still 0 after the 5 overdrawn
        limited.flush();
        assertThat(sent).hasSize(15);
        clock.advance(Duration.ofMillis(100));
        limited.flush();
        assertThat(sent).hasSize(16);
    }

    @Test
    void limitsAndValuesFailFast() {
        assertThatThrownBy(() -> new PresenceLimits(Duration.ofSeconds(1), 0, 1, 1)).hasMessageContaining("perSecond");
        assertThatThrownBy(() -> new PresenceInfo(true, Presence.Mode.away, Optional.empty(), Optional.of("zz")))
                .hasMessageContaining("SHA-1");
        assertThatThrownBy(() -> new Avatar("text/html", PNG)).hasMessageContaining("image/*");
        assertThatThrownBy(() -> new Identities(this::record, "not a domain@x", directory, subscriptions, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Avatar("image/png", "abc".getBytes()).sha1()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    private static PresenceInfo status(String text) {
        return new PresenceInfo(true, Presence.Mode.available, Optional.of(text), Optional.empty());
    }
}
