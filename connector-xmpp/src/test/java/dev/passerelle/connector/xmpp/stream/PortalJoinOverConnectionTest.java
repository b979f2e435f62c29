package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.xmpp.muc.HostedRooms;
import dev.passerelle.connector.xmpp.muc.RoomDirectory;
import dev.passerelle.connector.xmpp.muc.RoomInfo;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A client's join into a portal with more members than the component connection holds unconfirmed, through the
 * real connection and a test XEP-0114 server: every presence reaches the server, the joiner's own last.
 */
@Tag("feature:muc-portal")
@ExtendWith(VertxExtension.class)
class PortalJoinOverConnectionTest {
    static final String DOMAIN = "gw.localhost";
    static final EntityBareJid ROOM = JidCreate.entityBareFromOrThrowUnchecked("big@" + DOMAIN);
    static final String JOINER = "juliet@localhost/phone";
    static final int CAPACITY = 100;
    static final int MEMBERS = 1_200;

    private FakeComponentServer server;
    private ComponentConnection connection;

    @AfterEach
    void tearDown() throws Exception {
        if (connection != null) {
            get(connection.stop());
        }
        if (server != null) {
            get(server.close());
        }
    }

    @Test
    void theJoinersOwnPresenceFollowsEveryMembersThoughTheOutboxHoldsFewer(Vertx vertx) throws Exception {
        server = get(new FakeComponentServer(vertx, DOMAIN, "s3cret").listen());
        RoomDirectory directory = new RoomDirectory() {
            @Override
            public Optional<RoomInfo> describe(EntityBareJid room) {
                return Optional.of(new RoomInfo("Big", Optional.of("Welcome"), IntStream.range(0, MEMBERS)
                        .mapToObj(i -> new RoomInfo.Member(MatrixUserId.parse("@m" + i + ":example.org"), "M" + i,
                                Role.MEMBER)).toList()));
            }

            @Override
            public Role roleOf(EntityBareJid room, EntityBareJid user) {
                return Role.MEMBER;
            }

            @Override
            public boolean isBanned(EntityBareJid room, EntityBareJid user) {
                return false;
            }
        };
        Presence join = StanzaBuilder.buildPresence("j1")
                .from(JidCreate.entityFullFromOrThrowUnchecked(JOINER))
                .to(JidCreate.entityFullFromOrThrowUnchecked(ROOM + "/Juliet"))
                .build();
        Promise<Void> joined = Promise.promise();
        // The rooms live on the connection's context, as in the connector.
        vertx.getOrCreateContext().runOnContext(v -> {
            ComponentSettings settings = new ComponentSettings("127.0.0.1", server.port(), DOMAIN, "s3cret", 65_536,
                    16, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(5));
            connection = new ComponentConnection(vertx, settings, new Ignored(), new SimpleMeterRegistry(),
                    Clock.systemUTC(), () -> 0.5, CAPACITY);
            HostedRooms rooms = new HostedRooms(connection::send, connection::room, DOMAIN, Clock.systemUTC(),
                    directory);
            connection.start().onSuccess(up -> rooms.handle(join)).<Void>mapEmpty().onComplete(joined);
        });
        get(joined.future());

        await().atMost(Duration.ofSeconds(60)).until(() -> toJoiner().stream().anyMatch(e -> e.name().equals("message")));
        List<XmlElement> toJoiner = toJoiner();
        assertThat(toJoiner).hasSize(MEMBERS + 2);
        List<String> others = toJoiner.subList(0, MEMBERS).stream()
                .map(e -> e.attribute("from").orElseThrow()).collect(Collectors.toList());
        assertThat(others).doesNotHaveDuplicates().allMatch(f -> f.startsWith(ROOM + "/M"));
        XmlElement self = toJoiner.get(MEMBERS);
        assertThat(self.attribute("from")).contains(ROOM + "/Juliet");
        assertThat(self.toXml(StanzaParser.COMPONENT_NS)).contains("<status code='110'/>");
        assertThat(toJoiner.get(MEMBERS + 1).child("subject", StanzaParser.COMPONENT_NS)).isPresent();
    }

    private List<XmlElement> toJoiner() {
        return server.payload().stream().filter(e -> e.attribute("to").orElse("").equals(JOINER))
                .collect(Collectors.toList());
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static final class Ignored implements StanzaHandler {
        @Override
        public void stanza(Stanza stanza) {
        }

        @Override
        public void connected() {
        }

        @Override
        public void disconnected(String reason) {
        }

        @Override
        public void rejected(String stanzaXml, String reason) {
        }
    }
}
