package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.connector.matrix.appservice.Registration;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.connector.matrix.homeserver.StubHomeserverMain;
import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.e2e.GatewayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/deploy.md, "Try it on one machine", as a newcomer would: the page's shell blocks run as they are
 * written (config, generate-registration with the real launcher, check-config, the curl calls), the gateway runs
 * from the distribution jar in its own process, Prosody runs the shipped config (scripts/test-servers), and the
 * Matrix side is the stub homeserver that scripts/matrix-stub starts. A MUC and a Matrix room are linked and a
 * message crosses each way.
 */
class DeployGuideIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path GUIDE = ROOT.resolve("docs/deploy.md");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shell variables the guide sets before writing the config; this test sets them itself. */
    private static final List<String> VARIABLES = List.of("XMPP_COMPONENT_PORT", "XMPP_SECRET", "ADMIN_PORT",
            "MEDIA_PORT", "APPSERVICE_PORT", "STUB_PORT", "ADMIN_TOKEN");

    @TempDir
    Path tmp;

    /** The link into the checkout goes first, so that cleaning the temporary directory stays inside it. */
    @AfterEach
    void unlinkCheckout() throws java.io.IOException {
        Files.deleteIfExists(tmp.resolve("deploy"));
    }

    @Test
    void aNewcomerFollowingTheGuideBridgesAProsodyRoomAndAMatrixRoom() throws Exception {
        XmppServer prosody = XmppServers.prosody();
        List<String> blocks = GuideBlocks.shellBlocks(Files.readString(GUIDE), "## Try it on one machine");
        assertThat(blocks).as("the shell blocks of the try-it section").hasSizeGreaterThanOrEqualTo(10);

        // The guide works in try/ next to deploy/ and scripts/ of the checkout: the same layout, by links.
        Path work = tmp.resolve("try");
        Files.createDirectories(work);
        Files.createSymbolicLink(tmp.resolve("deploy"), ROOT.resolve("deploy"));
        Path properties = tmp.resolve("target/test-servers/xmpp.properties");
        Files.createDirectories(properties.getParent());
        // What scripts/test-servers start writes, for the server this test runs against.
        Files.writeString(properties, "passerelle.test.prosody=" + prosody.host() + ":" + prosody.c2sPort() + ":"
                + prosody.componentPort() + ":" + prosody.httpPort() + "\n"
                + "passerelle.test.xmpp.secret=" + prosody.componentSecret() + "\n");

        String variables = GuideBlocks.containing(blocks, "XMPP_COMPONENT_PORT=");
        for (String name : VARIABLES) {
            assertThat(variables).as("the guide sets " + name).contains(name + "=");
        }
        int adminPort = GatewayProcess.freePort();
        int stubPort = GatewayProcess.freePort();
        Map<String, String> ports = new LinkedHashMap<>();
        ports.put("ADMIN_PORT", String.valueOf(adminPort));
        ports.put("MEDIA_PORT", String.valueOf(GatewayProcess.freePort()));
        ports.put("APPSERVICE_PORT", String.valueOf(GatewayProcess.freePort()));
        ports.put("STUB_PORT", String.valueOf(stubPort));
        ports.put("ADMIN_TOKEN", GatewayProcess.ADMIN_TOKEN);

        // The guide's variables (its sed lines read the properties file), then this machine's free ports instead
        // of the guide's fixed ones, then the config, the registration and the Matrix connector, as written.
        StringBuilder setUp = new StringBuilder(variables).append('\n');
        ports.forEach((k, v) -> setUp.append(k).append("='").append(v).append("'\n"));
        setUp.append(GuideBlocks.containing(blocks, "cat > passerelle.yaml")).append('\n')
                .append(GuideBlocks.containing(blocks, "generate-registration")).append('\n')
                .append(GuideBlocks.containing(blocks, "cat >> passerelle.yaml")).append('\n');
        Shell.Result configured = Shell.run(work, setUp.toString(), Map.of());
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        assertThat(configured.output()).contains("OK: passerelle.yaml");

        Registration registration = Registration.read(work.resolve("passerelle-registration.yaml"));
        String config = Files.readString(work.resolve("passerelle.yaml"));
        assertThat(config).contains("port: " + prosody.componentPort(), "secret: \"" + prosody.componentSecret() + "\"",
                "as-token: \"" + registration.asToken() + "\"", "hs-token: \"" + registration.hsToken() + "\"");

        Map<String, String> env = new LinkedHashMap<>(ports);
        String room = "lobby-" + UUID.randomUUID().toString().substring(0, 8);
        // The guide's command for the stub, run in this JVM: scripts/matrix-stub only builds the classpath first.
        String stubLine = GuideBlocks.line(blocks, "scripts/matrix-stub ");
        assertThat(Files.readString(ROOT.resolve("scripts/matrix-stub"))).contains(StubHomeserverMain.class.getName());
        String[] stubArgs = stubLine.substring(stubLine.indexOf("matrix-stub ") + "matrix-stub ".length()).trim()
                .replace("$STUB_PORT", String.valueOf(stubPort)).split("\\s+");
        try (StubHomeserver matrix = StubHomeserverMain.startFromCommandLine(work, stubArgs);
             GatewayProcess gateway = GatewayProcess.start("passerelle", work, adminPort, config)) {
            gateway.awaitReady(Duration.ofSeconds(60));
            Shell.Result health = Shell.run(work, GuideBlocks.line(blocks, "/health "), env);
            assertThat(JSON.readTree(health.output()).path("connectors").path("xmpp").path("state").asText())
                    .isEqualTo("UP");
            assertThat(JSON.readTree(health.output()).path("connectors").path("matrix").path("state").asText())
                    .isEqualTo("UP");

            // The XMPP user of the guide; a unique room, since other tests share this server.
            String aliceName = XmppServers.uniqueUser("alice");
            EntityBareJid mucJid = prosody.roomJid(room);
            XMPPTCPConnection alice = XmppServers.client(prosody, aliceName);
            try {
                MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(mucJid);
                muc.create(Resourcepart.from("alice")).makeInstant();
                Queue<Message> seenByAlice = new ConcurrentLinkedQueue<>();
                muc.addMessageListener(seenByAlice::add);

                JsonNode created = JSON.readTree(Shell.run(work,
                        GuideBlocks.containing(blocks, "/_stub/rooms?user_id="), env).output());
                assertThat(created.path("acknowledged").asBoolean()).as(created.toString()).isTrue();
                String roomId = created.path("room_id").asText();
                env.put("ROOM", roomId);
                await("the bot joins the Matrix room").atMost(Duration.ofSeconds(20)).until(() ->
                        matrix.room(roomId).orElseThrow().members().contains(matrix.senderUserId()));

                Shell.Result linked = Shell.run(work, GuideBlocks.containing(blocks, "/api/v1/links -H")
                        .replace("lobby@conference.localhost", mucJid.toString()), env);
                JsonNode link = JSON.readTree(linked.output());
                assertThat(link.path("rooms").toString()).as(linked.output())
                        .contains("xmpp:" + mucJid, "matrix:roomid/" + roomId.substring(1));

                JsonNode sent = JSON.readTree(Shell.run(work,
                        GuideBlocks.containing(blocks, "/send?user_id=@bob:localhost"), env).output());
                assertThat(sent.path("acknowledged").asBoolean()).as(sent.toString()).isTrue();
                await("Matrix to XMPP").atMost(Duration.ofSeconds(30)).until(() -> seenByAlice.stream()
                        .anyMatch(m -> "hello from Matrix".equals(m.getBody())));

                muc.sendMessage("hello from XMPP");
                // Alice's ghost: her real JID when the room shows it, else her occupant JID (Prosody's default).
                String ghostPrefix = "@_passerelle_x";
                String eventsBlock = GuideBlocks.containing(blocks, "/events\"");
                await("XMPP to Matrix").atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode events = JSON.readTree(Shell.run(work, eventsBlock, env).output()).path("events");
                    for (JsonNode e : events) {
                        if (e.path("sender").asText().startsWith(ghostPrefix)
                                && e.path("content").path("body").asText().equals("hello from XMPP")) {
                            return true;
                        }
                    }
                    return false;
                });
            } finally {
                alice.disconnect();
            }
            matrix.assertNoViolations();
        }
    }

    /** The fenced shell blocks of one section of the guide. */
    static final class GuideBlocks {
        private GuideBlocks() {
        }

        static List<String> shellBlocks(String markdown, String heading) {
            int start = markdown.indexOf("\n" + heading + "\n");
            assertThat(start).as("docs/deploy.md has the section " + heading).isNotNegative();
            int end = markdown.indexOf("\n## ", start + heading.length() + 2);
            String section = markdown.substring(start, end < 0 ? markdown.length() : end);
            List<String> blocks = new ArrayList<>();
            int at = 0;
            while ((at = section.indexOf("```sh\n", at)) >= 0) {
                int close = section.indexOf("\n```", at + 6);
                blocks.add(section.substring(at + 6, close));
                at = close + 4;
            }
            return blocks;
        }

        /** The one block containing {@code marker}. */
        static String containing(List<String> blocks, String marker) {
            List<String> found = blocks.stream().filter(b -> b.contains(marker)).toList();
            assertThat(found).as("blocks of the guide containing " + marker).hasSize(1);
            return found.get(0);
        }

        /** The one line of any block containing {@code marker}. */
        static String line(List<String> blocks, String marker) {
            List<String> found = blocks.stream().flatMap(b -> b.lines()).filter(l -> l.contains(marker)).toList();
            assertThat(found).as("lines of the guide containing " + marker).hasSize(1);
            return found.get(0);
        }
    }
}
