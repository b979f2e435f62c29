package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jivesoftware.smack.packet.Stanza;

/** A {@code send} function that validates and keeps every stanza the rooms emit. */
final class Recorder implements Function<Stanza, Future<Void>> {

    private final List<Stanza> sent = new ArrayList<>();

    @Override
    public Future<Void> apply(Stanza stanza) {
        StanzaSchemas.shared().validate(stanza);
        sent.add(stanza);
        return Future.succeededFuture();
    }

    /** What was sent since the last call, in order. */
    List<Stanza> take() {
        List<Stanza> out = List.copyOf(sent);
        sent.clear();
        return out;
    }
}
