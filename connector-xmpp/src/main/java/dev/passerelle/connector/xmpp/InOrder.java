package dev.passerelle.connector.xmpp;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Hands results on in the order their work was started, whatever order the work finishes in. Ordered workers
 * finish in order, but a callback added to a future that is complete already runs at once, ahead of the queued
 * callbacks of earlier work; this queue keeps each step until everything before it is done. Drained in a loop,
 * not a chain of futures, so a long backlog behind one slow step cannot overflow the stack. Used from one
 * context only.
 */
final class InOrder {
    private final ArrayDeque<Step<?>> steps = new ArrayDeque<>();
    private boolean draining;

    /** Runs {@code step} with {@code ready}'s outcome once it and every earlier step's result are in. */
    <T> void then(Future<T> ready, Consumer<AsyncResult<T>> step) {
        steps.addLast(new Step<>(ready, step));
        ready.onComplete(ar -> drain());
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!steps.isEmpty() && steps.peekFirst().ready().isComplete()) {
                steps.pollFirst().run();
            }
        } finally {
            draining = false;
        }
    }

    /** A step waiting for its result or its turn. */
    private record Step<T>(Future<T> ready, Consumer<AsyncResult<T>> step) {
        void run() {
            step.accept(ready);
        }
    }
}
