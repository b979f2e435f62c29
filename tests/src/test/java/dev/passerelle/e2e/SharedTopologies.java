package dev.passerelle.e2e;

import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link Topology} per XMPP server for all the tests of a test class that only send and observe (and never kill,
 * stop or reconfigure an instance): start-up is most of an end-to-end test's time. Test classes take a
 * {@link SharedTopologies} in their constructor or methods with {@code @ExtendWith(SharedTopologies.class)}; the
 * topologies live in the store of the top-level test class and are closed when that class is done, so the XMPP
 * component (one connection per domain on a server) is free again for the next class. Tests that break instances
 * start their own with {@link Topology#start}.
 */
public final class SharedTopologies implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedTopologies.class);

    private final ExtensionContext.Store store;

    /** The extension, as JUnit makes it. */
    public SharedTopologies() {
        this.store = null;
    }

    private SharedTopologies(ExtensionContext.Store store) {
        this.store = store;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SharedTopologies.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new SharedTopologies(classContext(context).getStore(NAMESPACE));
    }

    /** The context of the top-level test class around {@code context}. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getParent().isPresent() && c.getParent().get() != c.getRoot()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** The test class's topology on {@code server}, started on first use. */
    public Topology on(XmppServer server) {
        if (store == null) {
            throw new IllegalStateException("take SharedTopologies as a parameter of a test or its constructor");
        }
        return store.getOrComputeIfAbsent(server.name(), n -> new Closing(start(server)), Closing.class).topology;
    }

    private static Topology start(XmppServer server) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "e2e").toAbsolutePath())
                    .resolve("shared-" + server.name() + "-" + System.currentTimeMillis());
            return Topology.start(server, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the topology when JUnit drops the test class's store, once the class is done. */
    private record Closing(Topology topology) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            topology.close();
        }
    }
}
