package dev.passerelle.connector.xmpp.plumb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.xmpp.stanza.Extensions;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smackx.muc.packet.MUCInitialPresence;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PlumbedRooms against a simulated MUC: what it sends is recorded, what the room answers is fed to handle(). */
class PlumbedRoomsTest {
    private static final String ROOM = "lobby@conference.example.org";
    private static final String BRIDGE = "bridge@gw.example.org";
    private static final String ALICE = "alice@gw.example.org";

    private final Vertx vertx = Vertx.vertx();
    private final List<Stanza> sent = new CopyOnWriteArrayList<>();
    private final Map<EntityBareJid, String> cursors = new HashMap<>();
    private final List<String> cursorWrites = new ArrayList<>();
    private PlumbedRooms rooms;
    private EntityBareJid room;
    private Jid alice;


    @BeforeAll
    static void extensions() {
        Extensions.register();
    }

    @BeforeEach
    void setUp() throws Exception {
        room = JidCreate.entityBareFrom(ROOM);
        alice = JidCreate.from(ALICE);
        rooms = create(Duration.ofHours(1));
    }

    private PlumbedRooms create(Duration selfPing) throws Exception {
        return create(selfPing, GhostSeats.inMemory());
    }

    private PlumbedRooms create(Duration selfPing, GhostSeats seats) throws Exception {
        ArchiveCursor cursor = new ArchiveCursor() {
            @Override
            public synchronized Future<Optional<String>> get(EntityBareJid r) {
                return Future.succeededFuture(Optional.ofNullable(cursors.get(r)));
            }

            @Override
            public synchronized Future<Void> put(EntityBareJid r, String archiveId) {
                cursors.put(r, archiveId);
                cursorWrites.add(archiveId);
                return Future.succeededFuture();
            }
        };
        PlumbSettings settings = new PlumbSettings(selfPing, Duration.ofSeconds(2), Duration.ofMillis(300),
                Duration.ofMillis(50), 2);
        return new PlumbedRooms(s -> {
            sent.add(s);
            return Future.succeededFuture();
        }, JidCreate.from(BRIDGE), "bridge", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                vertx, settings, cursor, seats);
    }

    @AfterEach
    void tearDown() {
        rooms.close();
        vertx.close();
    }

    @Test
    void theListenerJoinsWithoutHistoryAndThePlumbCompletesOnItsSelfPresence() throws Exception {
        Future<Void> plumbed = rooms.plumb(room);

        Presence join = (Presence) sent.get(0);
        assertThat(join.getFrom().toString()).isEqualTo(BRIDGE);
        assertThat(join.getTo().toString()).isEqualTo(ROOM + "/bridge");
        assertThat(MUCInitialPresence.from(join).getHistory().getMaxStanzas()).isZero();
        assertThat(plumbed.isComplete()).isFalse();

        handle(selfPresence(BRIDGE, "bridge", ""));

        assertThat(plumbed.succeeded()).isTrue();
        assertThat(rooms.rooms()).containsExactly(room);
    }

    @Test
    void aGhostJoinsLazilyAndATakenNickGetsASuffix() throws Exception {
        plumb();
        Future<Void> joined = rooms.ensureJoined(room, alice, "Alice");
        assertThat(last().getTo().toString()).isEqualTo(ROOM + "/Alice");

        handle("<presence from='" + ROOM + "/Alice' to='" + ALICE + "' type='error'><error type='cancel'>"
                + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
        assertThat(last().getTo().toString()).isEqualTo(ROOM + "/Alice (2)");
        handle(selfPresence(ALICE, "Alice (2)", ""));

        assertThat(joined.succeeded()).isTrue();
        assertThat(rooms.ensureJoined(room, alice, "Alice").succeeded()).isTrue();
        assertThat(sent).hasSize(3);
    }

    @Test
    void joiningARoomThatDoesNotExistLeavesItAgainAndFailsNotFound() throws Exception {
        Future<Void> plumbed = rooms.plumb(room);

        handle(selfPresence(BRIDGE, "bridge", "<status code='201'/>"));

        assertThat(plumbed.failed()).isTrue();
        assertThat(((GatewayException) plumbed.cause()).reason()).isEqualTo(GatewayException.Reason.NOT_FOUND);
        assertThat(((Presence) last()).getType()).isEqualTo(Presence.Type.unavailable);
    }

    @Test
    void theReflectionGivesTheStanzaIdAndIsNotHandedUp() throws Exception {
        joinAlice();
        Future<PendingSend> send = rooms.sendAs(room, alice, outgoing("o-1", "hi"));
        Message out = (Message) last();
        assertThat(out.getFrom().toString()).isEqualTo(ALICE);
        assertThat(out.getTo().toString()).isEqualTo(ROOM);
        assertThat(out.getType()).isEqualTo(Message.Type.groupchat);

        assertThat(handle(reflection(ALICE, "o-1", "sid-1"))).isEmpty();
        // The listener's copy is handed up only for the cursor, which the connector moves once what came before
        // is durable.
        assertThat(handle(reflection(BRIDGE, "o-1", "sid-1"))).contains(new PlumbInbound.Taken(room, "sid-1"));

        assertThat(send.result()).isEqualTo(new PendingSend(room, nick("Alice"), "o-1", Optional.of("sid-1")));
        assertThat(rooms.duplicateReflections()).isZero();
        assertThat(cursors.get(room)).isNull();
        rooms.advanceCursor(room, "sid-1");
        assertThat(cursors.get(room)).isEqualTo("sid-1");
    }

    @Test
    void aSecondReflectionOfTheSameOriginIdWithAnotherStanzaIdIsCountedAsADuplicate() throws Exception {
        joinAlice();
        rooms.sendAs(room, alice, outgoing("o-1", "hi"));
        handle(reflection(BRIDGE, "o-1", "sid-1"));

        handle(reflection(BRIDGE, "o-1", "sid-2"));
        handle(reflection(ALICE, "o-1", "sid-2"));

        assertThat(rooms.duplicateReflections()).isEqualTo(1);
    }

    @Test
    void noReflectionInTimeFailsTransient() throws Exception {
        joinAlice();
        Future<PendingSend> send = rooms.sendAs(room, alice, outgoing("o-1", "hi"));

        await().atMost(Duration.ofSeconds(5)).until(send::isComplete);

        assertThat(((GatewayException) send.cause()).reason()).isEqualTo(GatewayException.Reason.TRANSIENT);
    }

    @Test
    void aMessageWithoutOriginIdIsRefused() throws Exception {
        joinAlice();
        Future<PendingSend> send = rooms.sendAs(room, alice, StanzaBuilder.buildMessage().setBody("x").build());

        assertThat(((GatewayException) send.cause()).reason()).isEqualTo(GatewayException.Reason.INVALID);
    }

    @Test
    void anOccupantsMessageIsHandedUpOnceWhicheverOfOurOccupantsGotItFirst() throws Exception {
        joinAlice();
        handle("<presence from='" + ROOM + "/carol' to='" + BRIDGE + "'><x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='none' role='participant' jid='carol@example.org/phone'/></x></presence>");

        assertThat(handle(occupantMessage(ALICE, "carol", "sid-9", "hello"))).isEmpty();
        Optional<PlumbInbound> first = handle(occupantMessage(BRIDGE, "carol", "sid-9", "hello"));
        Optional<PlumbInbound> again = handle(occupantMessage(BRIDGE, "carol", "sid-9", "hello"));

        assertThat(first).containsInstanceOf(PlumbInbound.Message.class);
        PlumbInbound.Message m = (PlumbInbound.Message) first.get();
        assertThat(m.nick()).isEqualTo(nick("carol"));
        assertThat(m.realJid()).contains(JidCreate.from("carol@example.org/phone"));
        assertThat(m.stanzaId()).contains("sid-9");
        assertThat(m.message().getBody()).isEqualTo("hello");
        assertThat(m.fromArchive()).isFalse();
        assertThat(again).isEmpty();
    }

    @Test
    void occupantsJoinChangeNickAndLeave() throws Exception {
        plumb();
        String x = "<x xmlns='http://jabber.org/protocol/muc#user'>";

        Optional<PlumbInbound> joined = handle("<presence from='" + ROOM + "/carol' to='" + BRIDGE + "'>" + x
                + "<item affiliation='none' role='participant'/></x></presence>");
        Optional<PlumbInbound> renamed = handle("<presence from='" + ROOM + "/carol' to='" + BRIDGE
                + "' type='unavailable'>" + x + "<item affiliation='none' role='participant' nick='caz'/>"
                + "<status code='303'/></x></presence>");
        Optional<PlumbInbound> left = handle("<presence from='" + ROOM + "/caz' to='" + BRIDGE
                + "' type='unavailable'>" + x + "<item affiliation='none' role='none'/></x></presence>");

        assertThat(joined).contains(new PlumbInbound.Presence(room, nick("carol"), Optional.empty(),
                PlumbInbound.Presence.Kind.JOINED, Optional.empty()));
        assertThat(renamed).contains(new PlumbInbound.Presence(room, nick("carol"), Optional.empty(),
                PlumbInbound.Presence.Kind.NICK_CHANGED, Optional.of(nick("caz"))));
        assertThat(left).contains(new PlumbInbound.Presence(room, nick("caz"), Optional.empty(),
                PlumbInbound.Presence.Kind.LEFT, Optional.empty()));
    }

    @Test
    void aSubjectCountsOnlyWhenItChanges() throws Exception {
        plumb();
        String subject = "<message from='" + ROOM + "/carol' to='" + BRIDGE + "' type='groupchat'>"
                + "<subject>Plans</subject></message>";

        assertThat(handle(subject)).contains(new PlumbInbound.Subject(room, Optional.of(nick("carol")), "Plans"));
        assertThat(handle(subject)).isEmpty();
    }

    @Test
    void aDestroyedRoomWithAnAlternateVenueUnplumbs() throws Exception {
        joinAlice();
        String destroy = "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'/>"
                + "<destroy jid='new@conference.example.org'><reason>moved</reason></destroy></x>";

        assertThat(handle("<presence from='" + ROOM + "/Alice' to='" + ALICE + "' type='unavailable'>" + destroy
                + "</presence>")).isEmpty();
        Optional<PlumbInbound> destroyed = handle("<presence from='" + ROOM + "/bridge' to='" + BRIDGE
                + "' type='unavailable'>" + destroy + "</presence>");

        assertThat(destroyed).contains(new PlumbInbound.Destroyed(room,
                Optional.of(JidCreate.entityBareFrom("new@conference.example.org")), Optional.of("moved")));
        assertThat(rooms.rooms()).isEmpty();
        assertThat(rooms.concerns(parse("<message from='" + ROOM + "/carol' to='" + BRIDGE + "'/>"))).isFalse();
    }

    @Test
    void aDestroyedRoomWithoutVenueUnplumbs() throws Exception {
        plumb();

        Optional<PlumbInbound> destroyed = handle("<presence from='" + ROOM + "/bridge' to='" + BRIDGE
                + "' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='none' role='none'/><destroy/></x></presence>");

        assertThat(destroyed).contains(new PlumbInbound.Destroyed(room, Optional.empty(), Optional.empty()));
    }

    @Test
    void aKickedGhostRejoinsOnceAfterTheDelay() throws Exception {
        joinAlice();
        int before = sent.size();

        Optional<PlumbInbound> kicked = handle(removed(ALICE, "Alice", "307", "behave"));

        assertThat(kicked).contains(new PlumbInbound.GhostRemoved(room, alice, false, Optional.of("behave")));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() > before);
        assertThat(last().getTo().toString()).isEqualTo(ROOM + "/Alice");
        assertThat(MUCInitialPresence.from(last())).isNotNull();
    }

    @Test
    void aBannedGhostStaysOutAndItsSendsFailPermanently() throws Exception {
        joinAlice();

        Optional<PlumbInbound> banned = handle(removed(ALICE, "Alice", "301", ""));

        assertThat(banned).contains(new PlumbInbound.GhostRemoved(room, alice, true, Optional.empty()));
        Future<PendingSend> send = rooms.sendAs(room, alice, outgoing("o-2", "let me in"));
        assertThat(((GatewayException) send.cause()).reason()).isEqualTo(GatewayException.Reason.PERMANENT);
    }

    @Test
    void aModeratorsRetractionFromTheRoomBecomesModerated() throws Exception {
        plumb();

        Optional<PlumbInbound> moderated = handle("<message from='" + ROOM + "' to='" + BRIDGE + "' type='groupchat'>"
                + "<apply-to xmlns='urn:xmpp:fasten:0' id='sid-5'><moderated xmlns='urn:xmpp:message-moderate:0'"
                + " by='" + ROOM + "/mod'><retract xmlns='urn:xmpp:message-retract:0'/><reason>spam</reason>"
                + "</moderated></apply-to></message>");

        assertThat(moderated).contains(new PlumbInbound.Moderated(room, "sid-5", Optional.of(ROOM + "/mod"),
                Optional.of("spam")));
    }

    @Test
    void aRetractionFromAnOccupantIsAnOrdinaryMessageNotAModeration() throws Exception {
        plumb();

        Optional<PlumbInbound> m = handle("<message from='" + ROOM + "/carol' to='" + BRIDGE + "' type='groupchat'>"
                + "<retract xmlns='urn:xmpp:message-retract:1' id='sid-5'/></message>");

        assertThat(m).containsInstanceOf(PlumbInbound.Message.class);
    }

    @Test
    void roomHistoryOnAJoinIsIgnored() throws Exception {
        plumb();

        assertThat(handle("<message from='" + ROOM + "/carol' to='" + BRIDGE + "' type='groupchat'><body>old</body>"
                + "<delay xmlns='urn:xmpp:delay' from='" + ROOM + "' stamp='2025-01-01T00:00:00Z'/></message>"))
                .isEmpty();
    }

    @Test
    void ourGhostsMessagesInTheArchiveAreOursUnderTheNickItHeldBeforeARestartThoughItSinceTookAnother()
            throws Exception {
        // Before the restart Alice's ghost sat as "Alice (old)"; after it, it takes "Alice" before the archive
        // catch-up reaches its last messages under the old nick.
        GhostSeats seats = GhostSeats.inMemory();
        seats.put(room, java.util.Set.of(nick("Alice (old)")));
        rooms.close();
        rooms = create(Duration.ofHours(1), seats);
        cursors.put(room, "a-0");
        rooms.plumb(room);
        String x = "<x xmlns='http://jabber.org/protocol/muc#user'>";
        assertThat(handle("<presence from='" + ROOM + "/Alice (old)' to='" + BRIDGE + "'>" + x
                + "<item affiliation='none' role='participant'/></x></presence>")).isEmpty();
        handle(selfPresence(BRIDGE, "bridge", ""));
        String queryId = queryId(lastIq());
        Future<Void> joined = rooms.ensureJoined(room, alice, "Alice");
        assertThat(handle("<presence from='" + ROOM + "/Alice (old)' to='" + BRIDGE + "' type='unavailable'>" + x
                + "<item affiliation='none' role='participant' nick='Alice'/><status code='303'/></x></presence>"))
                .isEmpty();
        handle(selfPresence(ALICE, "Alice", ""));
        assertThat(joined.succeeded()).isTrue();

        // Ours: at most taken (the cursor may pass it), never handed up as someone's message.
        assertThat(handle(archived(queryId, "a-1", "Alice (old)", "said before the restart"))
                .filter(i -> i instanceof PlumbInbound.Message)).as("our ghost's message under its former nick")
                .isEmpty();
        assertThat(handle(archived(queryId, "a-2", "carol", "said by carol"))
                .filter(i -> i instanceof PlumbInbound.Message)).isPresent();
    }

    @Test
    void theArchiveIsReadFromTheCursorPageByPageInOrderOnceEach() throws Exception {
        cursors.put(room, "a-0");
        rooms.plumb(room);
        handle(selfPresence(BRIDGE, "bridge", ""));
        IQ query = lastIq();
        assertThat(query.toXML().toString()).contains("<after>a-0</after>").contains("<max>2</max>");
        String queryId = queryId(query);

        List<PlumbInbound> up = new ArrayList<>();
        handle(archived(queryId, "a-1", "carol", "one")).ifPresent(up::add);
        // A live copy during the catch-up is held back: the archive delivers it in its place.
        assertThat(handle(occupantMessage(BRIDGE, "carol", "a-2", "two"))).isEmpty();
        handle(archived(queryId, "a-2", "carol", "two")).ifPresent(up::add);
        handle(fin(query, false, "a-2"));
        IQ next = lastIq();
        assertThat(next.toXML().toString()).contains("<after>a-2</after>");
        handle(archived(queryId(next), "a-3", "carol", "three")).ifPresent(up::add);
        // This one came live after the archive had put the page together.
        assertThat(handle(occupantMessage(BRIDGE, "carol", "a-4", "four"))).isEmpty();
        handle(fin(next, true, "a-3"));
        IQ extra = lastIq();
        assertThat(extra.toXML().toString()).contains("<after>a-3</after>");
        handle(archived(queryId(extra), "a-4", "carol", "four")).ifPresent(up::add);
        handle(fin(extra, true, "a-4"));

        assertThat(up).extracting(i -> ((PlumbInbound.Message) i).message().getBody())
                .containsExactly("one", "two", "three", "four");
        assertThat(up).allMatch(i -> ((PlumbInbound.Message) i).fromArchive());
        assertThat(((PlumbInbound.Message) up.get(0)).sentAt()).isEqualTo(Instant.parse("2025-05-05T10:00:00Z"));
        // Reading the archive leaves the cursor alone: it moves once the router has what was read.
        assertThat(cursors.get(room)).isEqualTo("a-0");
        rooms.advanceCursor(room, "a-4");
        assertThat(cursors.get(room)).isEqualTo("a-4");
        // Caught up: live messages flow.
        assertThat(handle(occupantMessage(BRIDGE, "carol", "a-5", "five"))).isPresent();
        assertThat(lastIq()).isSameAs(extra);
        // A result for a query we did not make is ignored.
        assertThat(handle(archived("someone-else", "a-9", "carol", "nine"))).isEmpty();
    }

    @Test
    void withoutACursorNothingIsReadAndLiveMessagesFlowAtOnce() throws Exception {
        plumb();

        assertThat(handle(occupantMessage(BRIDGE, "carol", "s-1", "hi"))).isPresent();
        assertThat(sent).noneMatch(s -> s instanceof IQ);
        assertThat(cursors.get(room)).isNull();
    }

    @Test
    void aReconnectRejoinsTheListenerAndCatchesUp() throws Exception {
        joinAlice();
        handle(occupantMessage(BRIDGE, "carol", "a-7", "before"));
        // The connector has made it durable.
        rooms.advanceCursor(room, "a-7");
        int before = sent.size();

        rooms.onReconnect();

        assertThat(sent.get(before).getTo().toString()).isEqualTo(ROOM + "/bridge");
        handle(selfPresence(BRIDGE, "bridge", ""));
        assertThat(lastIq().toXML().toString()).contains("<after>a-7</after>");
        // The ghost rejoins only when it speaks next.
        Future<PendingSend> send = rooms.sendAs(room, alice, outgoing("o-3", "back"));
        assertThat(last().getTo().toString()).isEqualTo(ROOM + "/Alice");
        handle(selfPresence(ALICE, "Alice", ""));
        assertThat(last()).isInstanceOf(Message.class);
        handle(reflection(BRIDGE, "o-3", "a-8"));
        assertThat(send.result().stanzaId()).contains("a-8");
    }

    @Test
    void aSelfPingAnsweredNotAcceptableRejoins() throws Exception {
        rooms.close();
        rooms = create(Duration.ofMillis(100));
        plumb();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(s -> s instanceof Ping));
        Ping ping = (Ping) sent.stream().filter(s -> s instanceof Ping).findFirst().orElseThrow();
        assertThat(ping.getTo().toString()).isEqualTo(ROOM + "/bridge");
        assertThat(ping.getFrom().toString()).isEqualTo(BRIDGE);
        int before = sent.size();

        handle("<iq type='error' id='" + ping.getStanzaId() + "' from='" + ROOM + "/bridge' to='" + BRIDGE + "'>"
                + "<error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");

        assertThat(sent.subList(before, sent.size())).anyMatch(s -> s instanceof Presence
                && MUCInitialPresence.from(s) != null);
    }

    @Test
    void aSelfPingThatReachedUsButWasDeclinedMeansStillJoined() throws Exception {
        rooms.close();
        rooms = create(Duration.ofMillis(100));
        plumb();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(s -> s instanceof Ping));
        Ping ping = (Ping) sent.stream().filter(s -> s instanceof Ping).findFirst().orElseThrow();

        handle("<iq type='error' id='" + ping.getStanzaId() + "' from='" + ROOM + "/bridge' to='" + BRIDGE + "'>"
                + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");

        assertThat(sent).filteredOn(s -> s instanceof Presence).hasSize(1);
    }

    @Test
    void aJoinWithoutAnswerFailsTransient() throws Exception {
        Future<Void> plumbed = rooms.plumb(room);

        await().atMost(Duration.ofSeconds(5)).until(plumbed::isComplete);

        assertThat(((GatewayException) plumbed.cause()).reason()).isEqualTo(GatewayException.Reason.TRANSIENT);
    }

    @Test
    void unplumbingLeavesWithEveryOccupantAndFailsWaitingSends() throws Exception {
        joinAlice();
        Future<PendingSend> waiting = rooms.sendAs(room, alice, outgoing("o-4", "late"));
        int before = sent.size();

        rooms.unplumb(room);

        assertThat(sent.subList(before, sent.size())).extracting(s -> ((Presence) s).getType() + " " + s.getFrom())
                .containsExactlyInAnyOrder("unavailable " + ALICE, "unavailable " + BRIDGE);
        assertThat(((GatewayException) waiting.cause()).reason()).isEqualTo(GatewayException.Reason.NOT_FOUND);
        assertThat(rooms.rooms()).isEmpty();
    }

    @Test
    void aForwardedSelfPingIsAnswered() throws Exception {
        plumb();

        handle("<iq type='get' id='p1' from='" + ROOM + "/bridge' to='" + BRIDGE + "'><ping xmlns='urn:xmpp:ping'/></iq>");

        IQ answer = lastIq();
        assertThat(answer.getType()).isEqualTo(IQ.Type.result);
        assertThat(answer.getStanzaId()).isEqualTo("p1");
    }

    // ---- the simulated room ----

    private void plumb() throws Exception {
        rooms.plumb(room);
        handle(selfPresence(BRIDGE, "bridge", ""));
    }

    private void joinAlice() throws Exception {
        plumb();
        Future<Void> joined = rooms.ensureJoined(room, alice, "Alice");
        handle(selfPresence(ALICE, "Alice", ""));
        assertThat(joined.succeeded()).isTrue();
    }

    private Optional<PlumbInbound> handle(String xml) throws Exception {
        Stanza s = parse(xml);
        assertThat(rooms.concerns(s)).as("concerns " + xml).isTrue();
        return rooms.handle(s);
    }

    private static Stanza parse(String xml) throws Exception {
        // As the component stream hands them up: in the client namespace.
        int space = xml.indexOf(' ');
        return PacketParserUtils.parseStanza(xml.substring(0, space) + " xmlns='jabber:client'" + xml.substring(space));
    }

    private Stanza last() {
        return sent.get(sent.size() - 1);
    }

    private IQ lastIq() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i) instanceof IQ iq && !(iq instanceof Ping)) {
                return iq;
            }
        }
        throw new AssertionError("no iq sent: " + sent);
    }

    private static String queryId(IQ query) {
        String xml = query.toXML().toString();
        int at = xml.indexOf("queryid='") + "queryid='".length();
        return xml.substring(at, xml.indexOf('\'', at));
    }

    private static String selfPresence(String to, String nick, String extraStatus) {
        return "<presence from='" + ROOM + "/" + nick + "' to='" + to + "'><x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='none' role='participant'/><status code='110'/>" + extraStatus + "</x></presence>";
    }

    private static String removed(String to, String nick, String code, String reason) {
        return "<presence from='" + ROOM + "/" + nick + "' to='" + to + "' type='unavailable'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'>"
                + (reason.isEmpty() ? "" : "<reason>" + reason + "</reason>") + "</item><status code='110'/>"
                + "<status code='" + code + "'/></x></presence>";
    }

    private static String reflection(String to, String originId, String stanzaId) {
        return "<message from='" + ROOM + "/Alice' to='" + to + "' type='groupchat'><body>hi</body>"
                + "<origin-id xmlns='urn:xmpp:sid:0' id='" + originId + "'/>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' id='" + stanzaId + "' by='" + ROOM + "'/></message>";
    }

    private static String occupantMessage(String to, String nick, String stanzaId, String body) {
        return "<message from='" + ROOM + "/" + nick + "' to='" + to + "' type='groupchat'><body>" + body + "</body>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' id='" + stanzaId + "' by='" + ROOM + "'/></message>";
    }

    private static String archived(String queryId, String id, String nick, String body) {
        return "<message from='" + ROOM + "' to='" + BRIDGE + "'><result xmlns='urn:xmpp:mam:2' queryid='" + queryId
                + "' id='" + id + "'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay'"
                + " stamp='2025-05-05T10:00:00Z'/><message xmlns='jabber:client' from='" + ROOM + "/" + nick
                + "' type='groupchat'><body>" + body + "</body></message></forwarded></result></message>";
    }

    private static String fin(IQ query, boolean complete, String last) {
        return "<iq type='result' id='" + query.getStanzaId() + "' from='" + ROOM + "' to='" + BRIDGE + "'>"
                + "<fin xmlns='urn:xmpp:mam:2'" + (complete ? " complete='true'" : "") + "><set"
                + " xmlns='http://jabber.org/protocol/rsm'><first>x</first><last>" + last + "</last></set></fin></iq>";
    }

    private static Message outgoing(String originId, String body) {
        Message m = StanzaBuilder.buildMessage().setBody(body).build();
        m.addExtension(new OriginIdElement(originId));
        return m;
    }

    private static org.jxmpp.jid.parts.Resourcepart nick(String s) throws Exception {
        return org.jxmpp.jid.parts.Resourcepart.from(s);
    }
}
