package dev.passerelle.connector.xmpp.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;

/** The shipped server configs, proven against real Prosody and ejabberd with real clients. */
class XmppServersIT {

    private static final long WAIT_MILLIS = 10_000;
    /** The server's answer to a right handshake: an empty {@code <handshake/>}, in either form. */
    private static final Pattern HANDSHAKE_ACCEPTED =
            Pattern.compile("<handshake\\s*/>|<handshake\\s*>\\s*</handshake>");

    @OnEveryServer
    void twoRegisteredUsersExchangeAMessage(XmppServer server) throws Exception {
        try (Users users = new Users(server)) {
            XMPPTCPConnection alice = users.login("alice");
            XMPPTCPConnection bob = users.login("bob");
            StanzaCollector inbox =
                    bob.createStanzaCollector(new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.createFull(alice.getUser())));
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                    .to(bob.getUser()).ofType(Message.Type.chat).setBody("hello bob").build());

            Message received = inbox.nextResultOrThrow(WAIT_MILLIS);
            inbox.cancel();

            assertThat(received.getBody()).isEqualTo("hello bob");
            assertThat(received.getFrom().toString()).isEqualTo(alice.getUser().toString());
        }
    }

    @OnEveryServer
    void anInstantRoomReflectsMessagesAndArchivesThem(XmppServer server) throws Exception {
        try (Users users = new Users(server)) {
            XMPPTCPConnection owner = users.login("owner");
            XMPPTCPConnection guest = users.login("guest");
            EntityBareJid roomJid = server.roomJid(XmppServers.uniqueUser("room"));
            MultiUserChat ownerRoom = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(roomJid);
            ownerRoom.create(Resourcepart.from("owner")).makeInstant();
            MultiUserChat guestRoom = MultiUserChatManager.getInstanceFor(guest).getMultiUserChat(roomJid);
            guestRoom.join(Resourcepart.from("guest"));

            CompletableFuture<Message> reflected = new CompletableFuture<>();
            guestRoom.addMessageListener(message -> {
                if ("hello room".equals(message.getBody())) {
                    reflected.complete(message);
                }
            });
            ownerRoom.sendMessage("hello room");

            Message message = reflected.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(message.getFrom().toString()).isEqualTo(roomJid + "/owner");

            MamManager archive = MamManager.getInstanceFor(guestRoom);
            assertThat(archive.isSupported()).as("the room advertises a message archive (XEP-0313)").isTrue();
            MamQuery query = archive.queryArchive(MamQueryArgs.builder().setResultPageSizeTo(50).build());
            assertThat(query.getMessages()).extracting(Message::getBody).contains("hello room");
        }
    }

    @OnEveryServer
    void theComponentAuthenticatesWithTheSharedSecretOnly(XmppServer server) throws Exception {
        try (RawComponentSocket wrong = RawComponentSocket.open(server)) {
            wrong.handshake(wrong.streamId(), server.componentSecret() + "-wrong");
            assertThat(wrong.awaitMatch(Pattern.compile("<not-authorized\\b")).group()).isNotEmpty();
        }
        try (RawComponentSocket component = RawComponentSocket.open(server)) {
            component.handshake(component.streamId(), server.componentSecret());
            assertThat(component.awaitMatch(HANDSHAKE_ACCEPTED).group())
                    .isNotEmpty();
        }
    }

    @OnEveryServer
    void theGatewaysGhostsMayCreateRoomsAndRequestUploadSlots(XmppServer server) throws Exception {
        String ghost = "ghost-" + XmppServers.uniqueUser("g") + "@" + server.componentDomain();
        String room = server.roomJid(XmppServers.uniqueUser("bridged")).toString();
        try (RawComponentSocket component = RawComponentSocket.open(server)) {
            component.handshake(component.streamId(), server.componentSecret());
            component.awaitMatch(HANDSHAKE_ACCEPTED);

            // XEP-0045: a new room answers its creator with status 201 (created).
            component.send("<presence from='" + ghost + "/bridge' to='" + room + "/ghost'>"
                    + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(component.awaitMatch(Pattern.compile("<status\\s+code=['\"]201['\"]")).group()).isNotEmpty();

            // XEP-0363: the upload service admits the gateway's domain, not only local users.
            component.send("<iq type='get' id='slot-1' from='" + ghost + "' to='upload." + server.domain() + "'>"
                    + "<request xmlns='urn:xmpp:http:upload:0' filename='photo.jpg' size='2048' content-type='image/jpeg'/>"
                    + "</iq>");
            assertThat(component.awaitMatch(Pattern.compile("<iq\\b[^>]*\\stype=['\"]result['\"][^>]*>\\s*<slot\\b")).group())
                    .contains("slot-1");
        }
    }

    @OnEveryServer
    void aLocalUserUploadsAFileThroughASlot(XmppServer server) throws Exception {
        try (Users users = new Users(server)) {
            XMPPTCPConnection user = users.login("uploader");
            HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(user);
            assertThat(uploads.discoverUploadService()).as("an upload service (XEP-0363) is discovered").isTrue();
            byte[] content = ("a file for " + server.name()).getBytes(StandardCharsets.UTF_8);

            Slot slot = uploads.requestSlot("note.txt", content.length, "text/plain");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest.Builder put = HttpRequest.newBuilder(slot.getPutUrl().toURI())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
            slot.getHeaders().forEach(put::header);
            HttpResponse<Void> stored = http.send(put.build(), HttpResponse.BodyHandlers.discarding());
            assertThat(stored.statusCode()).as("PUT %s", slot.getPutUrl()).isBetween(200, 299);

            HttpResponse<byte[]> fetched = http.send(
                    HttpRequest.newBuilder(URI.create(slot.getGetUrl().toString())).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(content);
        }
    }

    /** Logged-in clients of new users on one server, disconnected on close. */
    private static final class Users implements AutoCloseable {
        private final XmppServer server;
        private final List<XMPPTCPConnection> connections = new ArrayList<>();

        Users(XmppServer server) {
            this.server = server;
        }

        XMPPTCPConnection login(String base) throws Exception {
            XMPPTCPConnection connection = XmppServers.client(server, XmppServers.uniqueUser(base));
            connections.add(connection);
            return connection;
        }

        @Override
        public void close() {
            connections.forEach(XMPPTCPConnection::disconnect);
        }
    }
}
