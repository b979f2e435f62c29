package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.KeyPair;
import dev.passerelle.connector.dma.mls.message.Welcome;
import dev.passerelle.connector.dma.mls.state.KeyPackageBundle;
import dev.passerelle.connector.dma.mls.tree.Capabilities;
import dev.passerelle.connector.dma.mls.tree.Credential;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.protocol.KeyMaterialRequest;
import dev.passerelle.connector.dma.protocol.KeyMaterialResponse;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.protocol.Opaque;
import dev.passerelle.connector.dma.protocol.ProtocolException;
import dev.passerelle.connector.dma.protocol.RequiredCapabilities;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.connector.dma.transport.PeerRefusedException;
import dev.passerelle.connector.dma.transport.RefusalReason;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * keyMaterial (protocol-06 section 5.2) for our users, and the KeyPackages handed out. Our users' clients are the
 * gateway itself, always online, so a fresh KeyPackage is made for every claim: keyMaterialExhausted is never
 * answered, and no KeyPackage is ever handed out twice. The private parts are kept, under the KeyPackageRef, until
 * the Welcome that uses them arrives ({@link #forWelcome}, then {@link #used}). Consent is not checked (no consent
 * is required). Blocking methods are called on worker threads.
 */
public final class KeyPackages {

    /** A KeyPackage we handed out: whose it is, its private parts and its KeyPackageRef. */
    public record Claimed(String userUri, KeyPackageBundle bundle, byte[] ref) {

        /** Copies the reference. */
        public Claimed {
            MimiUris.domainOf(userUri);
            if (bundle == null || ref == null) {
                throw new IllegalArgumentException("bundle and ref are required");
            }
            ref = ref.clone();
        }

        @Override
        public byte[] ref() {
            return ref.clone();
        }
    }

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
    // RFC 9420 section 7.2: the default types every client supports, which need no capabilities entry.
    private static final List<Integer> DEFAULT_EXTENSIONS = List.of(1, 2, 3, 4, 5);

    private final String ownDomain;
    private final ProviderState state;
    private final UserDirectory users;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration lifetime;

    /** KeyPackages of {@code ownDomain}'s users, valid for {@code lifetime} from the claim. */
    public KeyPackages(String ownDomain, ProviderStore store, UserDirectory users, Clock clock, SecureRandom random,
            Duration lifetime) {
        if (ownDomain == null || store == null || users == null || clock == null || random == null
                || lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("no argument may be null and the lifetime must be positive");
        }
        this.ownDomain = ownDomain;
        this.state = new ProviderState(store);
        this.users = users;
        this.clock = clock;
        this.random = random;
        this.lifetime = lifetime;
    }

    /**
     * Answers a claim from {@code peerDomain} for {@code targetUser} (the path parameter). The body must name the same
     * target and verify with the requester's key; the requester must be the peer's user, or the peer the room's hub
     * relaying the claim (section 3.3). Blocking.
     *
     * @throws GatewayException INVALID if the body's target is not the path's or the signature does not verify
     * @throws PeerRefusedException if the peer may not claim for that requester
     */
    public KeyMaterialResponse claim(KeyMaterialRequest request, String targetUser, String peerDomain) {
        if (!request.targetUser().uri().equals(targetUser)) {
            throw new GatewayException(GatewayException.Reason.INVALID, "KeyMaterialRequest.targetUser "
                    + request.targetUser() + " is not the path's " + targetUser);
        }
        String requesterDomain = MimiUris.tryDomainOf(request.requestingUser().uri()).orElse("");
        String roomDomain = MimiUris.tryDomainOf(request.roomId().uri()).orElse("");
        if (!requesterDomain.equals(peerDomain) && !roomDomain.equals(peerDomain)) {
            throw new PeerRefusedException(RefusalReason.DOMAIN_MISMATCH, "the requester "
                    + request.requestingUser() + " is not a user of " + peerDomain + ", nor is " + peerDomain
                    + " the hub of " + request.roomId());
        }
        if (!SUITE.verifyWithLabel(request.requesterSignatureKey().bytes(), KeyMaterialRequest.SIGNATURE_LABEL,
                request.toBeSigned(), request.signature().bytes())) {
            throw new GatewayException(GatewayException.Reason.INVALID,
                    "KeyMaterialRequest.signature does not verify with requesterSignatureKey");
        }
        IdentifierUri target = request.targetUser();
        if (!MimiUris.tryDomainOf(targetUser).map(ownDomain::equals).orElse(false)) {
            return KeyMaterialResponse.refused(KeyMaterialResponse.UserCode.USER_UNKNOWN, target);
        }
        Optional<LocalUser> user = users.find(targetUser);
        if (user.isEmpty()) {
            return KeyMaterialResponse.refused(KeyMaterialResponse.UserCode.USER_UNKNOWN, target);
        }
        LocalUser u = user.get();
        IdentifierUri clientUri = new IdentifierUri(u.clientUri());
        Capabilities capabilities = u.client().capabilities();
        if (!request.acceptableCiphersuites().contains(SUITE.id())
                || !meets(capabilities, request.requiredCapabilities())) {
            return new KeyMaterialResponse(KeyMaterialResponse.UserCode.NO_COMPATIBLE_MATERIAL, target,
                    List.of(KeyMaterialResponse.ClientKeyMaterial.nothingCompatible(clientUri,
                            Optional.of(capabilities))));
        }
        long now = clock.instant().getEpochSecond();
        KeyPackageBundle bundle = u.client().newKeyPackage(now - 60, now + lifetime.toSeconds(), false, random);
        byte[] ref = bundle.keyPackage().ref(SUITE);
        state.putHandedOut(HexFormat.of().formatHex(ref), new TlsWriter().uint16(1)
                .opaque(targetUser.getBytes(StandardCharsets.UTF_8)).opaque(bundle.toBytes()).toByteArray());
        return new KeyMaterialResponse(KeyMaterialResponse.UserCode.SUCCESS, target,
                List.of(KeyMaterialResponse.ClientKeyMaterial.success(clientUri, bundle.keyPackage())));
    }

    /** The KeyPackage we handed out that one of the Welcome's secrets is addressed to, if any. Blocking. */
    public Optional<Claimed> forWelcome(Welcome welcome) {
        for (Welcome.EncryptedGroupSecrets secrets : welcome.secrets()) {
            Optional<byte[]> stored = state.handedOut(HexFormat.of().formatHex(secrets.newMember()));
            if (stored.isPresent()) {
                TlsReader in = new TlsReader(stored.get());
                ProviderState.requireVersion(in, "handed-out KeyPackage");
                String user = ProviderState.text(in);
                KeyPackageBundle bundle = KeyPackageBundle.fromBytes(in.opaque());
                in.finish();
                return Optional.of(new Claimed(user, bundle, secrets.newMember()));
            }
        }
        return Optional.empty();
    }

    /** Forgets a KeyPackage once its Welcome was joined: it is never used again. Blocking. */
    public void used(Claimed claimed) {
        state.deleteHandedOut(HexFormat.of().formatHex(claimed.ref()));
    }

    /**
     * A signed claim by {@code requestingUser} (through its provider's signature key and credential) for
     * {@code targetUser}'s KeyPackages, for {@code roomUri}, accepting suite 1.
     */
    public static KeyMaterialRequest request(KeyPair requesterKey, Credential requesterCredential,
            String requestingUser, String targetUser, String roomUri, RequiredCapabilities required) {
        KeyMaterialRequest unsigned = new KeyMaterialRequest(new IdentifierUri(requestingUser),
                new IdentifierUri(targetUser), new IdentifierUri(roomUri), List.of(SUITE.id()), required,
                Opaque.of(requesterKey.publicKey()), requesterCredential, Opaque.of(new byte[0]));
        byte[] signature = SUITE.signWithLabel(requesterKey.privateKey(), KeyMaterialRequest.SIGNATURE_LABEL,
                unsigned.toBeSigned());
        return new KeyMaterialRequest(unsigned.requestingUser(), unsigned.targetUser(), unsigned.roomId(),
                unsigned.acceptableCiphersuites(), required, unsigned.requesterSignatureKey(), requesterCredential,
                Opaque.of(signature));
    }

    /** Claims at the target user's provider (or, for a room hosted elsewhere, its hub: {@code domain}). */
    public static Future<KeyMaterialResponse> claimAt(MimiHttpClient client, String domain,
            KeyMaterialRequest request) {
        return client.post(domain, MimiEndpoint.KEY_MATERIAL.path(request.targetUser().uri()),
                Buffer.buffer(request.toBytes()), FanoutWorker.CONTENT_TYPE).compose(response -> {
                    try {
                        return Future.succeededFuture(KeyMaterialResponse.decode(response.body().getBytes()));
                    } catch (ProtocolException e) {
                        return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT,
                                domain + " answered a KeyMaterialResponse that does not decode: "
                                        + e.error().describe(), e));
                    }
                });
    }

    private static boolean meets(Capabilities capabilities, RequiredCapabilities required) {
        for (int type : required.proposalTypes()) {
            if (type > 7 && !capabilities.proposals().contains(type)) {
                return false;
            }
        }
        for (int type : required.extensionTypes()) {
            if (!DEFAULT_EXTENSIONS.contains(type) && !capabilities.extensions().contains(type)) {
                return false;
            }
        }
        for (int type : required.credentialTypes()) {
            if (!capabilities.credentials().contains(type)) {
                return false;
            }
        }
        return true;
    }
}
