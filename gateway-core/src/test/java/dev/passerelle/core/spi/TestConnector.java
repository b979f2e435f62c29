package dev.passerelle.core.spi;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Collections;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A connector without a network, for testing the core: it injects events through the event sink and
 * records every send. Sends can be made to fail by a rule. Rendered bytes are
 * {@code target-uri \n event-id \n origin-native-id \n render-stamp \n text}, where the stamp names this
 * connector instance and counts its renders, so a resend of stored bytes is told apart from a re-render.
 */
public final class TestConnector implements Connector {

    /** One send the router made: the delivery and the exact bytes. */
    public record Sent(Delivery delivery, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Where sends are recorded besides memory (e.g. a file that outlives the process). */
    public interface Recorder {
        void record(Delivery delivery, byte[] payload);
    }

    private final Network network;
    private final Set<Capability> capabilities;
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<DeliveryFailure> reported = new CopyOnWriteArrayList<>();
    private final List<Recorder> recorders = new CopyOnWriteArrayList<>();
    private volatile Function<Delivery, GatewayException> failRule = d -> null;
    private volatile Function<Delivery, SendResult> results = d -> SendResult.confirmed();
    private volatile Health health = Health.up(Instant.EPOCH);
    private volatile EventSink sink;
    private final java.util.concurrent.atomic.AtomicLong renders = new java.util.concurrent.atomic.AtomicLong();
    private final List<Deferred> deferred = Collections.synchronizedList(new ArrayList<>());
    private volatile int window = 1;
    private volatile boolean deferring;

    /** A send called and held open by {@link #deferSends}: the test completes or fails it. */
    public record Deferred(Delivery delivery, Promise<SendResult> promise) {
        /** The message text the delivery carries (the last line of what the test connector renders). */
        public String text() {
            return delivery.event() instanceof MessageSent m ? m.content().text() : "";
        }
    }

    public TestConnector(Network network) {
        this(network, EnumSet.allOf(Capability.class));
    }

    public TestConnector(Network network, Set<Capability> capabilities) {
        this.network = network;
        this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    /** Where {@link #inject} hands events; the router, usually. */
    public TestConnector sink(EventSink sink) {
        this.sink = sink;
        return this;
    }

    /** Sends for which the rule returns an exception fail with it; null lets the send through. */
    public TestConnector failWhen(Function<Delivery, GatewayException> rule) {
        this.failRule = rule;
        return this;
    }

    /** What each successful send answers (the ids the target gave); by default a bare confirmation. */
    public TestConnector answer(Function<Delivery, SendResult> results) {
        this.results = results;
        return this;
    }

    /** Lets the router keep up to {@code sends} deliveries to one room in flight ({@link #sendWindow}). */
    public TestConnector window(int sends) {
        this.window = sends;
        return this;
    }

    /**
     * Holds every later send open instead of confirming it: each call is kept, in call order, in
     * {@link #deferred()} for the test to complete or fail (after the fail rule, which still applies first).
     */
    public TestConnector deferSends() {
        this.deferring = true;
        return this;
    }

    /** Every send held open by {@link #deferSends}, in the order the router called them, settled or not. */
    public List<Deferred> deferred() {
        synchronized (deferred) {
            return new ArrayList<>(deferred);
        }
    }

    public TestConnector recordTo(Recorder recorder) {
        recorders.add(recorder);
        return this;
    }

    public void health(Health health) {
        this.health = health;
    }

    /** Hands an event to the core as an inbound connector would. */
    public Future<EventSink.Accepted> inject(Event event) {
        return sink.submit(event);
    }

    /** Every successful send so far, in order. */
    public List<Sent> sent() {
        synchronized (sent) {
            return new ArrayList<>(sent);
        }
    }

    public List<DeliveryFailure> reported() {
        return new ArrayList<>(reported);
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public Future<Void> start() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        return Future.succeededFuture();
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public Future<Rendered> render(Delivery delivery) {
        Event e = delivery.event();
        String text = e instanceof MessageSent m ? m.content().text() : e.getClass().getSimpleName();
        String stamp = "render-" + Integer.toHexString(System.identityHashCode(this)) + "-" + renders.incrementAndGet();
        String body = delivery.target().toUri() + "\n" + e.id() + "\n" + e.origin().nativeId() + "\n" + stamp + "\n"
                + text;
        return Future.succeededFuture(new Rendered(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Future<SendResult> send(Delivery delivery, Rendered rendered) {
        GatewayException failure = failRule.apply(delivery);
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (deferring) {
            Promise<SendResult> promise = Promise.promise();
            deferred.add(new Deferred(delivery, promise));
            return promise.future();
        }
        byte[] bytes = rendered.payload();
        recorders.forEach(r -> r.record(delivery, bytes));
        sent.add(new Sent(delivery, bytes));
        return Future.succeededFuture(results.apply(delivery));
    }

    @Override
    public int sendWindow() {
        return window;
    }

    @Override
    public Future<Void> reportFailure(DeliveryFailure failure) {
        reported.add(failure);
        return Future.succeededFuture();
    }
}
