package dev.passerelle.connector.xmpp.upload;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.httpfileupload.element.SlotRequest;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpUploaderTest {
    static final EntityBareJid GHOST = JidCreate.entityBareFromOrThrowUnchecked("bob_matrix@gw.localhost");

    private Vertx vertx;
    private HttpServer server;
    private final List<IQ> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<Buffer> stored = new AtomicReference<>();
    private final AtomicReference<MultiMap> storedHeaders = new AtomicReference<>();
    private boolean offerService = true;
    private StanzaError.Condition slotError;
    /** Lists an item that never answers disco#info before the upload service. */
    private boolean silentItem;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        server = get(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            storedHeaders.set(req.headers());
            stored.set(body);
            req.response().setStatusCode(201).end();
        })).listen(0, "127.0.0.1"));
    }

    @AfterEach
    void tearDown() throws Exception {
        get(server.close());
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A server with an upload service (limit 1000 bytes) behind a MUC service. */
    private Future<IQ> answer(IQ request) {
        requests.add(request);
        IQ reply;
        if (request instanceof DiscoverItems) {
            DiscoverItems items = new DiscoverItems();
            items.addItem(new DiscoverItems.Item(JidCreate.fromOrThrowUnchecked("conference.localhost")));
            // Both real servers list the component itself among their items.
            items.addItem(new DiscoverItems.Item(JidCreate.fromOrThrowUnchecked("gw.localhost")));
            if (silentItem) {
                items.addItem(new DiscoverItems.Item(JidCreate.fromOrThrowUnchecked("silent.localhost")));
            }
            items.addItem(new DiscoverItems.Item(JidCreate.fromOrThrowUnchecked("upload.localhost")));
            reply = items;
        } else if (request instanceof DiscoverInfo) {
            if (request.getTo().toString().equals("silent.localhost")) {
                return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT, "no reply"));
            }
            DiscoverInfo info = new DiscoverInfo();
            if (offerService && request.getTo().toString().equals("upload.localhost")) {
                info.addFeature(HttpUploader.NAMESPACE);
                info.addExtension(DataForm.builder(DataForm.Type.result)
                        .addField(FormField.buildHiddenFormType(HttpUploader.NAMESPACE))
                        .addField(FormField.textSingleBuilder("max-file-size").setValue("1000").build())
                        .build());
            } else {
                info.addFeature("http://jabber.org/protocol/muc");
            }
            reply = info;
        } else if (request instanceof SlotRequest) {
            if (slotError != null) {
                return Future.failedFuture(new IqErrorException(StanzaError.getBuilder(slotError).build(), "slot"));
            }
            try {
                String base = "http://127.0.0.1:" + server.actualPort() + "/files/abc/";
                reply = new Slot(new URL(base + "put"), new URL(base + "get"),
                        Map.of("Authorization", "Basic c2VjcmV0", "X-Evil", "1", "Cookie", "a=b\r\nX-Injected: 1"));
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        } else {
            throw new IllegalStateException("unexpected request " + request.toXML());
        }
        reply.setType(IQ.Type.result);
        return Future.succeededFuture(reply);
    }

    private HttpUploader uploader() {
        return new HttpUploader(vertx, this::answer, JidCreate.domainBareFromOrThrowUnchecked("localhost"),
                JidCreate.domainBareFromOrThrowUnchecked("gw.localhost"), Duration.ofSeconds(5));
    }

    @Test
    void uploadsThroughASlotAsTheGhost() throws Exception {
        byte[] content = new byte[600];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }

        Optional<URI> url = get(uploader().upload(GHOST, "cat.png", "image/png", Buffer.buffer(content)));

        assertThat(url).contains(URI.create("http://127.0.0.1:" + server.actualPort() + "/files/abc/get"));
        assertThat(stored.get().getBytes()).isEqualTo(content);
        MultiMap headers = storedHeaders.get();
        assertThat(headers.get("Authorization")).isEqualTo("Basic c2VjcmV0");
        assertThat(headers.get("Content-Type")).isEqualTo("image/png");
        assertThat(headers.get("Content-Length")).isEqualTo("600");
        assertThat(headers.contains("X-Evil")).isFalse();
        assertThat(headers.contains("Cookie")).as("a header value with a line break is dropped").isFalse();

        SlotRequest slot = (SlotRequest) requests.get(requests.size() - 1);
        assertThat(slot.getFrom().toString()).isEqualTo(GHOST.toString());
        assertThat(slot.getTo().toString()).isEqualTo("upload.localhost");
        assertThat(slot.getFilename()).isEqualTo("cat.png");
        assertThat(slot.getSize()).isEqualTo(600);
        assertThat(slot.getContentType()).isEqualTo("image/png");
        StanzaSchemas schemas = StanzaSchemas.shared();
        for (IQ request : requests) {
            if (!request.hasStanzaIdSet()) {
                request.setStanzaId();
            }
            schemas.validate(request);
        }
    }

    @Test
    void streamsAMediaSourceAndDiscoversOnce() throws Exception {
        HttpUploader uploader = uploader();
        get(uploader.upload(GHOST, "a.txt", "text/plain", Buffer.buffer("first")));
        Buffer body = Buffer.buffer("streamed body");
        AsyncFile file = get(vertx.fileSystem().createTempFile("up", ".txt")
                .compose(path -> vertx.fileSystem().writeFile(path, body).map(path))
                .compose(path -> vertx.fileSystem().open(path, new OpenOptions())));
        MediaSource source = MediaSource.of("text/plain", OptionalLong.of(body.length()), file);

        Optional<URI> url = get(uploader.upload(GHOST, "b.txt", source));

        assertThat(url).isPresent();
        assertThat(stored.get()).isEqualTo(body);
        assertThat(requests).filteredOn(r -> r instanceof DiscoverItems).hasSize(1);
        assertThat(get(uploader.service())).hasValueSatisfying(s -> {
            assertThat(s.address().toString()).isEqualTo("upload.localhost");
            assertThat(s.maxFileSize()).hasValue(1000);
        });
    }

    @Test
    void fallsBackWhenTooLargeUnknownInLengthRefusedOrAbsent() throws Exception {
        HttpUploader uploader = uploader();
        assertThat(get(uploader.upload(GHOST, "big.bin", "application/octet-stream", Buffer.buffer(new byte[1001]))))
                .isEmpty();
        assertThat(requests).noneMatch(r -> r instanceof SlotRequest);

        AtomicBoolean cancelled = new AtomicBoolean();
        MediaSource unknown = new MediaSource("text/plain", OptionalLong.empty(),
                get(vertx.fileSystem().createTempFile("up", ".txt")
                        .compose(path -> vertx.fileSystem().open(path, new OpenOptions()))),
                () -> cancelled.set(true));
        assertThat(get(uploader.upload(GHOST, "u.txt", unknown))).isEmpty();
        assertThat(cancelled).isTrue();

        slotError = StanzaError.Condition.not_acceptable;
        assertThat(get(uploader.upload(GHOST, "x.txt", "text/plain", Buffer.buffer("x")))).isEmpty();
        assertThat(stored.get()).isNull();

        offerService = false;
        HttpUploader without = uploader();
        assertThat(get(without.service())).isEmpty();
        assertThat(get(without.upload(GHOST, "x.txt", "text/plain", Buffer.buffer("x")))).isEmpty();
    }

    @Test
    void theComponentIsNotAskedAndASilentItemDoesNotHideTheService() throws Exception {
        silentItem = true;
        HttpUploader uploader = uploader();

        assertThat(get(uploader.service())).isPresent();
        assertThat(requests).extracting(r -> r.getTo().toString()).doesNotContain("gw.localhost");

        offerService = false;
        HttpUploader without = uploader();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(without.service()))
                .hasMessageContaining("no reply");
        silentItem = false;
        assertThat(get(without.service())).as("a failed discovery is not cached").isEmpty();
        assertThat(requests).filteredOn(r -> r instanceof DiscoverItems).hasSize(3);
    }

    @Test
    void otherSlotErrorsFail() {
        slotError = StanzaError.Condition.forbidden;
        Future<Optional<URI>> upload = uploader().upload(GHOST, "x.txt", "text/plain", Buffer.buffer("x"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(upload)).cause()
                .isInstanceOf(IqErrorException.class);
    }
}
