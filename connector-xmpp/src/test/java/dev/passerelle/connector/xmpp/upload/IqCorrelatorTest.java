package dev.passerelle.connector.xmpp.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class IqCorrelatorTest {
    private final List<Stanza> sent = new CopyOnWriteArrayList<>();

    private static IQ itemsRequest(String to) {
        DiscoverItems items = new DiscoverItems();
        items.setType(IQ.Type.get);
        items.setFrom(JidCreate.fromOrThrowUnchecked("gw.localhost"));
        items.setTo(JidCreate.fromOrThrowUnchecked(to));
        return items;
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theReplyFromThePeerWithTheSameIdCompletesTheRequest(Vertx vertx) throws Exception {
        IqCorrelator correlator = new IqCorrelator(vertx, s -> { sent.add(s); return Future.succeededFuture(); },
                Duration.ofSeconds(5));
        Future<IQ> reply = correlator.request(itemsRequest("localhost"));
        String id = sent.get(0).getStanzaId();
        assertThat(id).isNotBlank();

        Stanza spoofed = PacketParserUtils.parseStanza("<iq xmlns='jabber:client' type='result' id='" + id
                + "' from='evil.localhost' to='gw.localhost'/>");
        assertThat(correlator.accept(spoofed)).isFalse();
        Stanza request = PacketParserUtils.parseStanza("<iq xmlns='jabber:client' type='get' id='" + id
                + "' from='localhost' to='gw.localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(correlator.accept(request)).isFalse();
        assertThat(reply.isComplete()).isFalse();

        Stanza result = PacketParserUtils.parseStanza("<iq xmlns='jabber:client' type='result' id='" + id
                + "' from='localhost' to='gw.localhost'><query xmlns='http://jabber.org/protocol/disco#items'>"
                + "<item jid='upload.localhost'/></query></iq>");
        assertThat(correlator.accept(result)).isTrue();
        assertThat(((DiscoverItems) get(reply)).getItems()).hasSize(1);
        assertThat(correlator.pending()).isZero();
        assertThat(correlator.accept(result)).as("a second reply finds nothing pending").isFalse();
    }

    @Test
    void anErrorReplyFailsWithItsCondition(Vertx vertx) throws Exception {
        IqCorrelator correlator = new IqCorrelator(vertx, s -> { sent.add(s); return Future.succeededFuture(); },
                Duration.ofSeconds(5));
        Future<IQ> reply = correlator.request(itemsRequest("upload.localhost"));
        correlator.accept(PacketParserUtils.parseStanza("<iq xmlns='jabber:client' type='error' id='"
                + sent.get(0).getStanzaId() + "' from='upload.localhost'><error type='modify'>"
                + "<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));

        assertThatThrownBy(() -> get(reply)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(IqErrorException.class, e -> {
                    assertThat(e.error().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
                    assertThat(e.reason()).isEqualTo(GatewayException.Reason.PERMANENT);
                });
    }

    @Test
    void noReplyInTimeIsTransient(Vertx vertx) {
        IqCorrelator correlator = new IqCorrelator(vertx, s -> Future.succeededFuture(), Duration.ofMillis(50));
        Future<IQ> reply = correlator.request(itemsRequest("localhost"));

        assertThatThrownBy(() -> get(reply)).cause().isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.TRANSIENT));
        assertThat(correlator.pending()).isZero();
    }

    @Test
    void aFailedSendFailsTheRequest(Vertx vertx) {
        IqCorrelator correlator = new IqCorrelator(vertx,
                s -> Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT, "stopped")),
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> get(correlator.request(itemsRequest("localhost")))).hasMessageContaining("stopped");
        assertThat(correlator.pending()).isZero();
        assertThatThrownBy(() -> correlator.request(IQ.createResultIQ(itemsRequest("localhost"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
