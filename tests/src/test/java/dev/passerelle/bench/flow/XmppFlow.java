package dev.passerelle.bench.flow;

import java.util.List;
import java.util.function.Consumer;

/** A flow whose senders are XMPP clients; where the messages end up (a client, the stub) is given by the caller. */
final class XmppFlow extends Flow {

    private final Senders senders;
    private final Consumer<Receipts> listen;
    private final AutoCloseable resources;

    /**
     * {@code listen} points the receiving end at a window's receipts; {@code resources} is closed with the flow
     * (the receivers and anything else the flow set up).
     */
    XmppFlow(String name, Senders senders, int bodySize, Consumer<Receipts> listen, List<Proc> processes,
            AutoCloseable resources) {
        super(name, senders.count(), bodySize, processes);
        this.senders = senders;
        this.listen = listen;
        this.resources = resources;
    }

    @Override
    void send(int probe, int stream, int seq, byte[] body) throws Exception {
        senders.send(stream, body);
    }

    @Override
    void listen(Receipts receipts) {
        listen.accept(receipts);
    }

    @Override
    public void close() throws Exception {
        try {
            senders.close();
        } finally {
            resources.close();
        }
    }
}
