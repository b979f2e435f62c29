package dev.passerelle.connector.xmpp.upload;

import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jxmpp.jid.Jid;

/**
 * An {@link IqRequester} on top of the component stream: sends through the given function, and completes the
 * pending request when the connector hands it the reply through {@link #accept}. A reply must carry the
 * request's id and come from the JID the request went to, so another entity cannot answer in its place.
 */
public final class IqCorrelator implements IqRequester {

    private record Key(String id, Jid peer) {}

    private final Vertx vertx;
    private final Function<Stanza, Future<Void>> send;
    private final Duration timeout;
    private final Map<Key, Promise<IQ>> pending = new ConcurrentHashMap<>();

    public IqCorrelator(Vertx vertx, Function<Stanza, Future<Void>> send, Duration timeout) {
        if (vertx == null || send == null) {
            throw new IllegalArgumentException("vertx and send are required");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.vertx = vertx;
        this.send = send;
        this.timeout = timeout;
    }

    @Override
    public Future<IQ> request(IQ iq) {
        if (iq.getType() != IQ.Type.get && iq.getType() != IQ.Type.set) {
            throw new IllegalArgumentException("only get and set IQs are requests, was " + iq.getType());
        }
        if (iq.getTo() == null) {
            throw new IllegalArgumentException("a request needs a 'to' to match the reply's 'from'");
        }
        if (!iq.hasStanzaIdSet()) {
            iq.setStanzaId();
        }
        Key key = new Key(iq.getStanzaId(), iq.getTo());
        Promise<IQ> promise = Promise.promise();
        if (pending.putIfAbsent(key, promise) != null) {
            throw new IllegalArgumentException("a request with id " + key.id() + " to " + key.peer() + " is pending");
        }
        long timer = vertx.setTimer(timeout.toMillis(), t -> {
            Promise<IQ> p = pending.remove(key);
            if (p != null) {
                p.tryFail(new GatewayException(GatewayException.Reason.TRANSIENT,
                        "no reply from " + key.peer() + " to " + describe(iq) + " within " + timeout));
            }
        });
        send.apply(iq).onFailure(e -> {
            Promise<IQ> p = pending.remove(key);
            if (p != null) {
                p.tryFail(e);
            }
        });
        return promise.future().andThen(r -> vertx.cancelTimer(timer));
    }

    /** Completes the request {@code stanza} answers; false if it answers none (the caller handles it then). */
    public boolean accept(Stanza stanza) {
        if (!(stanza instanceof IQ) || stanza.getStanzaId() == null || stanza.getFrom() == null) {
            return false;
        }
        IQ iq = (IQ) stanza;
        if (iq.getType() != IQ.Type.result && iq.getType() != IQ.Type.error) {
            return false;
        }
        Promise<IQ> p = pending.remove(new Key(iq.getStanzaId(), iq.getFrom()));
        if (p == null) {
            return false;
        }
        if (iq.getType() == IQ.Type.error) {
            p.tryFail(new IqErrorException(iq.getError(), "the request " + iq.getStanzaId() + " to " + iq.getFrom()));
        } else {
            p.tryComplete(iq);
        }
        return true;
    }

    /** How many requests wait for their reply. */
    public int pending() {
        return pending.size();
    }

    private static String describe(IQ iq) {
        return "the " + iq.getType() + " " + iq.getChildElementName() + " (" + iq.getChildElementNamespace() + ")";
    }
}
