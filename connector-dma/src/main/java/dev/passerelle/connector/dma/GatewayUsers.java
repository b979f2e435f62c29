package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.message.Proposal;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.connector.dma.provider.LocalUser;
import dev.passerelle.connector.dma.provider.UserDirectory;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.store.ConnectorStateStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Our users on MIMI: the ghosts {@code mimi://<provider>/u/<key>} of XMPP and Matrix users. Each has one MLS client
 * (a basic credential whose identity is its user URI, supporting AppDataUpdate), made on first use and kept in the
 * connector state so that a restart keeps its keys. Blocking.
 */
final class GatewayUsers implements UserDirectory {

    static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
    private static final String CLIENT_PREFIX = "dma/client/";

    private final String provider;
    private final GhostNaming ghosts;
    private final ConnectorStateStore store;
    private final String connector;
    private final SecureRandom random;

    GatewayUsers(String provider, GhostNaming ghosts, ConnectorStateStore store, String connector,
            SecureRandom random) {
        this.provider = provider;
        this.ghosts = ghosts;
        this.store = store;
        this.connector = connector;
        this.random = random;
    }

    @Override
    public Optional<LocalUser> find(String userUri) {
        return parse(userUri).filter(this::bridged).map(u -> new LocalUser(userUri, clientUri(userUri), client(u)));
    }

    /** Whether {@code user} is one of our ghosts standing for a real XMPP or Matrix user. */
    boolean bridged(MimiUserUri user) {
        if (!user.provider().equals(provider)) {
            return false;
        }
        Optional<Address> real = ghosts.realFor(user);
        return real.isPresent() && (real.get().network() == Network.XMPP || real.get().network() == Network.MATRIX);
    }

    /** The one client of {@code user}; by convention its URI is the user's with {@code /d/} for {@code /u/}. */
    static String clientUri(String userUri) {
        return userUri.replaceFirst("/u/", "/d/");
    }

    synchronized MlsClient client(MimiUserUri user) {
        String key = CLIENT_PREFIX + user.toUri();
        Optional<byte[]> saved = store.get(connector, key);
        if (saved.isPresent()) {
            return MlsClient.fromBytes(saved.get());
        }
        MlsClient client = MlsClient.generate(SUITE, user.toUri().getBytes(StandardCharsets.UTF_8),
                List.of(Proposal.APP_DATA_UPDATE), random);
        store.put(connector, key, client.toBytes());
        return client;
    }

    static Optional<MimiUserUri> parse(String uri) {
        try {
            Address a = Addresses.parse(uri);
            return a instanceof MimiUserUri u ? Optional.of(u) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
