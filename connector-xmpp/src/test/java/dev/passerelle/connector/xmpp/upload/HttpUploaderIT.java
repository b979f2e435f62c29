package dev.passerelle.connector.xmpp.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.identity.LiveComponent;
import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.OnEveryServer;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;

/** Uploads as a ghost through the real servers' XEP-0363 services, and downloads the same bytes back. */
@Tag("feature:upload")
class HttpUploaderIT {

    @OnEveryServer
    void aGhostUploads100KilobytesThatAClientDownloads(XmppServer server) throws Exception {
        try (LiveComponent component = LiveComponent.connect(server)) {
            IqCorrelator correlator = new IqCorrelator(component.vertx(), component::send, Duration.ofSeconds(10));
            component.handle(correlator::accept);
            HttpUploader uploader = new HttpUploader(component.vertx(), correlator,
                    JidCreate.domainBareFrom(server.domain()), JidCreate.domainBareFrom(server.componentDomain()),
                    Duration.ofSeconds(10));
            EntityBareJid ghost = JidCreate.entityBareFrom(XmppServers.uniqueUser("carol") + "@" + server.componentDomain());
            byte[] content = new byte[100 * 1024];
            new Random(42).nextBytes(content);

            Optional<UploadService> service = component.on(uploader::service);
            assertThat(service).as("the upload service is discovered, unhandled: %s", component.unhandled()).isPresent();
            assertThat(service.get().address().toString()).isEqualTo("upload." + server.domain());
            assertThat(service.get().maxFileSize()).as("both servers state their limit").isPresent();
            assertThat(service.get().admits(content.length)).isTrue();
            Optional<URI> url = component.on(() -> uploader.upload(ghost, "photo.bin", "application/octet-stream",
                    Buffer.buffer(content)));

            assertThat(url).isPresent();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(url.get()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(content);
            assertThat(correlator.pending()).isZero();
        }
    }
}
