package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.WireMessage;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MimiRoomUri;
import java.security.SecureRandom;
import java.util.Map;

/**
 * A second MIMI provider in the test's own process (connector-dma's test {@link Gateway}), for tests outside
 * this package that need an MLS member of a room the gateway under test hosts: it can put any bytes, well-formed
 * MIMI content or not, into a properly encrypted application message of that member.
 */
public final class MimiPeerProvider implements AutoCloseable {
    private final Gateway gateway;
    private final String user;
    private final SecureRandom random = new SecureRandom();

    private MimiPeerProvider(Gateway gateway) {
        this.gateway = gateway;
        this.user = gateway.ghost(gateway.user("romeo")).toUri();
    }

    /** Provider {@code domain} on {@code port}, trusting through {@code ca} the provider {@code peer} at {@code peerPort}. */
    public static MimiPeerProvider start(TestCa ca, String domain, int port, String peer, int peerPort) {
        return new MimiPeerProvider(new Gateway(ca, domain, port, Map.of(peer, peerPort)).start());
    }

    /** The URI of this provider's user who joins rooms. */
    public String user() {
        return user;
    }

    /** Whether {@link #user()} has joined {@code room} (its Welcome arrived). */
    public boolean isMember(String room) {
        return Gateway.join(gateway.dma.isMember((MimiRoomUri) Addresses.parse(room), gateway.ghost(gateway.user("romeo"))));
    }

    /**
     * A submitMessage body: {@code plaintext} as the application data of an MLS message of {@link #user()} in
     * {@code room}, encrypted with its current state (which moves on, so no generation is used twice).
     */
    public byte[] submission(String room, byte[] plaintext) {
        byte[] message = new MemberStates(gateway.store.state(), "dma").update(room, user,
                state -> state.encrypt(plaintext, new byte[0], random).message());
        return new SubmitMessageRequest(WireMessage.parse(message), new IdentifierUri(user)).toBytes();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
