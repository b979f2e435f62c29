package dev.passerelle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real distribution, three networks: a text message reaches the other two networks from each one. */
@ExtendWith(SharedTopologies.class)
class SixDirectionsIT {

    static Stream<XmppServer> servers() {
        return XmppServers.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aTextMessageCrossesInEachOfTheSixDirections(XmppServer server, SharedTopologies topologies) {
        Topology t = topologies.on(server);
        for (Side from : Side.values()) {
            String text = "hello from " + from.id() + " " + UUID.randomUUID();
            t.user(from).sendText(text);
            for (Side to : Side.values()) {
                if (to != from) {
                    assertThat(t.user(to).awaitText(text)).as(from.to(to)).isEqualTo(text);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aRoomLinkedWhileTheGatewayRunsIsHeardBeforeAnyoneElseSpeaks(XmppServer server, SharedTopologies topologies) {
        // Linked through the provisioning API while both instances run; the XMPP user speaks first, before any
        // delivery into the room could have made the gateway join it.
        Topology.Conversation c = topologies.on(server).addConversation("linked" + UUID.randomUUID().toString()
                .substring(0, 6), false);
        String text = "first words after the link " + UUID.randomUUID();
        c.xmpp().awaitPresence("the gateway joining the new MUC",
                p -> !c.xmpp().nick().equals(p.getFrom().getResourceOrEmpty().toString()));
        c.xmpp().sendText(text);
        assertThat(c.matrix().awaitText(text)).isEqualTo(text);
        assertThat(c.mimi().awaitText(text)).isEqualTo(text);
    }
}
