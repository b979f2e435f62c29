package dev.passerelle.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.e2e.GatewayProcess;
import dev.passerelle.e2e.Topology;
import dev.passerelle.e2e.Topology.Conversation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.OrFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.Jid;

/**
 * A text one target refuses for good is reported to its sender on the sender's own network, as each connector
 * documents it, while the other target still gets it: the XMPP sender (an occupant whose real JID the room hides)
 * gets a private message through the room from the gateway's occupant, the Matrix sender a notice from the bot in
 * reply to its event, and for the MIMI sender instance A sends a status report (error) into the MIMI room, which the
 * other provider receives.
 */
class UndeliverableIT {

    @TempDir
    Path dir;

    @Test
    void aTextTheTargetRefusesIsReportedToItsSender() throws Exception {
        long t0 = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Topology t = Topology.start(XmppServers.prosody(), dir, Configs::patient, Configs::patient)) {
            try {
                Conversation c = t.firstConversation();
                GatewayProcess a = t.instanceA();
                // Every sender's ghosts exist on the other networks before a target starts refusing.
                String fromXmpp = "warm-up from xmpp " + run;
                c.xmpp().sendText(fromXmpp);
                c.matrix().awaitText(fromXmpp);
                c.mimi().awaitText(fromXmpp);
                String fromMimi = "warm-up from mimi " + run;
                c.mimi().sendText(fromMimi);
                c.xmpp().awaitText(fromMimi);
                c.matrix().awaitText(fromMimi);

                double reports = a.metric("passerelle_failure_reports_total", Map.of("outcome", "sent"));

                // 1. The XMPP room refuses the Matrix user's ghost (banned): the bot answers the event with a notice.
                // The ghost is whoever posted the Matrix user's first text; the owner sees its real JID.
                MultiUserChat muc = MultiUserChatManager.getInstanceFor(c.xmpp().connection())
                        .getMultiUserChat(c.xmpp().room());
                Message fromMatrix = c.xmpp().await("the Matrix user's first text", m -> m.getBody() != null
                        && m.getBody().startsWith("topology up"));
                Jid ghost = muc.getOccupant(fromMatrix.getFrom().asEntityFullJidIfPossible()).getJid();
                assertThat((Object) ghost).as("the real JID of " + fromMatrix.getFrom()).isNotNull();
                muc.banUser(ghost, "no bridged users here");
                String refusedByXmpp = "refused by the XMPP room " + run;
                String eventId = c.matrix().sendText(refusedByXmpp);
                c.mimi().awaitText(refusedByXmpp);
                StoredEvent notice;
                try {
                    notice = c.matrix().await("a notice in reply to " + eventId,
                            e -> e.type().equals("m.room.message")
                                    && e.content().path("msgtype").asText().equals("m.notice")
                                    && e.content().path("m.relates_to").path("m.in_reply_to").path("event_id")
                                            .asText().equals(eventId));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("no notice for " + eventId + "; the XMPP room "
                            + (c.xmpp().received().stream().anyMatch(m -> refusedByXmpp.equals(m.getBody()))
                                    ? "showed the text all the same (the ban did not stop the ghost)"
                                    : "did not show the text") + "; the Matrix room has "
                            + c.matrix().received().stream().map(x -> x.content().toString()).toList(), e);
                }
                assertThat(notice.content().path("body").asText()).as("the notice").contains("Could not deliver to");
                assertThat(c.xmpp().received()).as("what the XMPP room shows")
                        .noneMatch(m -> refusedByXmpp.equals(m.getBody()));
                System.out.printf("[faults] the Matrix sender got, from %s: %s%n", notice.sender(),
                        notice.content().path("body").asText());

                // 2. The homeserver refuses the MIMI user's text: A reports it into the MIMI room, B receives it.
                double statusAtB = t.instanceB().metric("passerelle_mimi_inbound_dropped_total",
                        Map.of("kind", "status"));
                t.homeserverA().failNext(3, 403, "M_FORBIDDEN");
                String refusedForMimi = "refused by the homeserver for mimi " + run;
                c.mimi().sendText(refusedForMimi);
                c.xmpp().awaitText(refusedForMimi);
                await("A reporting two failures").atMost(Duration.ofSeconds(30)).until(() -> a.metric(
                        "passerelle_failure_reports_total", Map.of("outcome", "sent")) >= reports + 2);
                await("B receiving the status report").atMost(Duration.ofSeconds(30)).until(() -> t.instanceB().metric(
                        "passerelle_mimi_inbound_dropped_total", Map.of("kind", "status")) > statusAtB);
                System.out.printf("[faults] failure reports sent by A: %.0f; status reports B received and could not"
                        + " show its Matrix user: %.0f%n",
                        a.metric("passerelle_failure_reports_total", Map.of("outcome", "sent")) - reports,
                        t.instanceB().metric("passerelle_mimi_inbound_dropped_total", Map.of("kind", "status"))
                                - statusAtB);

                // 3. The homeserver refuses the XMPP user's text (403). The room hides the user's real JID, so the
                // gateway's occupant tells the user in a private message through the room.
                List<Message> told = new CopyOnWriteArrayList<>();
                c.xmpp().connection().addAsyncStanzaListener(s -> told.add((Message) s), new OrFilter(
                        MessageTypeFilter.ERROR, MessageTypeFilter.CHAT));
                t.homeserverA().failNext(3, 403, "M_FORBIDDEN");
                String refusedByMatrix = "refused by the homeserver " + run;
                String id = c.xmpp().sendText(refusedByMatrix);
                Message error = await("a report of the failure of " + id).atMost(Duration.ofSeconds(30))
                        .until(() -> told.stream().filter(m -> id.equals(m.getStanzaId()) || (m.getBody() != null
                                && m.getBody().startsWith("could not deliver to")
                                && c.xmpp().room().equals(m.getFrom().asBareJid()))).findFirst(),
                                java.util.Optional::isPresent).orElseThrow();
                assertThat(error.getBody()).as("the report's text").contains("could not deliver to")
                        .contains("403");
                c.mimi().awaitText(refusedByMatrix);
                assertThat(a.metric("passerelle_deliveries_dead_total", Map.of("network", "matrix")))
                        .as("Matrix deliveries dead-lettered").isGreaterThanOrEqualTo(1);
                System.out.printf("[faults] the XMPP sender got, from %s: %s%n", error.getFrom(), error.getBody());

            } finally {
                Logs.keep(t, "UndeliverableIT");
            }
        }
        System.out.printf("[faults] UndeliverableIT took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
