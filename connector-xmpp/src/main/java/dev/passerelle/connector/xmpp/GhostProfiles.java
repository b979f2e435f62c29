package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.identity.Avatar;
import dev.passerelle.connector.xmpp.identity.GhostDirectory;
import dev.passerelle.connector.xmpp.identity.GhostProfile;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.media.MediaException;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.store.Ghost;
import dev.passerelle.core.store.GhostStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GhostDirectory} on the gateway's ghost store: a ghost's display name and avatar URI come from the store,
 * which {@link #changed} keeps up to date from the ProfileChanged events delivered to XMPP. An avatar is fetched
 * through the media service (signed URL, then {@link MediaService#open}), at most {@link Avatar#MAX_BYTES}, and
 * cached by its URI; one that cannot be fetched or is too large counts as no avatar. Runs on the connector's
 * context; store calls go to workers.
 */
final class GhostProfiles implements GhostDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(GhostProfiles.class);
    /** Avatar URIs carry no type; the media service checks the signed type against the source's, so try these. */
    private static final List<String> AVATAR_TYPES = List.of("image/png", "image/jpeg", "image/webp", "image/gif");
    private static final int MAX_CACHED = 1_000;

    private final Vertx vertx;
    private final String domain;
    private final GhostNaming naming;
    private final GhostStore store;
    private final MediaService media;
    private final Clock clock;
    private final Map<URI, Future<Optional<Avatar>>> avatars = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, Future<Optional<Avatar>>> eldest) {
            return size() > MAX_CACHED;
        }
    };

    GhostProfiles(Vertx vertx, String domain, GhostNaming naming, GhostStore store, MediaService media, Clock clock) {
        this.vertx = vertx;
        this.domain = domain;
        this.naming = naming;
        this.store = store;
        this.media = media;
        this.clock = clock;
    }

    @Override
    public boolean isGhost(EntityBareJid jid) {
        return real(jid).isPresent();
    }

    /** The remote user a ghost JID stands for; empty for portals, the listener and JIDs off the domain. */
    Optional<Address> real(EntityBareJid jid) {
        if (!jid.getDomain().toString().equals(domain)) {
            return Optional.empty();
        }
        Jid parsed;
        try {
            parsed = Jid.parse(jid.toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return naming.realFor(parsed).filter(a -> a.network() != Network.XMPP && !Portals.isRoom(a));
    }

    @Override
    public Future<Optional<GhostProfile>> profile(EntityBareJid ghost) {
        Optional<Address> real = real(ghost);
        if (real.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.executeBlocking(() -> store.find(real.get(), Network.XMPP), false).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<GhostProfile>empty());
            }
            String name = found.get().displayName().filter(n -> !n.isBlank()).orElse(real.get().toString());
            Future<Optional<Avatar>> avatar = found.get().avatar().map(this::fetch)
                    .orElse(Future.succeededFuture(Optional.empty()));
            return avatar.map(a -> Optional.of(new GhostProfile(name, a.map(Avatar::sha1))));
        });
    }

    @Override
    public Future<Optional<Avatar>> avatar(EntityBareJid ghost) {
        Optional<Address> real = real(ghost);
        if (real.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.executeBlocking(() -> store.find(real.get(), Network.XMPP), false)
                .compose(found -> found.flatMap(Ghost::avatar).map(this::fetch)
                        .orElse(Future.succeededFuture(Optional.empty())));
    }

    /**
     * Records a remote user's new display name and/or avatar (empty = unchanged) in the ghost store. Blocking:
     * worker threads only.
     */
    void changed(Address real, Optional<String> displayName, Optional<URI> avatar) {
        Address ghost = naming.ghostFor(real, Network.XMPP);
        Optional<Ghost> before = store.find(real, Network.XMPP);
        store.save(new Ghost(real, ghost,
                displayName.filter(n -> !n.isBlank()).or(() -> before.flatMap(Ghost::displayName)),
                avatar.or(() -> before.flatMap(Ghost::avatar)),
                before.map(Ghost::created).orElse(clock.instant())));
    }

    /** The avatar behind {@code uri}, fetched once (the cache keeps the answer, also "none"). */
    private Future<Optional<Avatar>> fetch(URI uri) {
        Future<Optional<Avatar>> cached = avatars.get(uri);
        if (cached == null) {
            cached = fetch(uri, 0);
            avatars.put(uri, cached);
        }
        return cached;
    }

    private Future<Optional<Avatar>> fetch(URI uri, int type) {
        Future<MediaSource> opened;
        try {
            opened = media.open(media.publicUrl(uri, AVATAR_TYPES.get(type)));
        } catch (RuntimeException e) {
            opened = Future.failedFuture(e);
        }
        return opened.compose(this::read).recover(e -> {
            if (e instanceof MediaException m && m.reason() == MediaException.Reason.TYPE_MISMATCH
                    && type + 1 < AVATAR_TYPES.size()) {
                return fetch(uri, type + 1);
            }
            LOG.info("No avatar from {}: {}", uri, e.toString());
            return Future.succeededFuture(Optional.empty());
        });
    }

    private Future<Optional<Avatar>> read(MediaSource source) {
        if (source.length().isPresent() && source.length().getAsLong() > Avatar.MAX_BYTES) {
            source.cancel().run();
            return Future.succeededFuture(Optional.empty());
        }
        Promise<Optional<Avatar>> done = Promise.promise();
        Buffer bytes = Buffer.buffer();
        source.body().exceptionHandler(done::tryFail);
        source.body().handler(chunk -> {
            bytes.appendBuffer(chunk);
            if (bytes.length() > Avatar.MAX_BYTES) {
                source.cancel().run();
                done.tryComplete(Optional.empty());
            }
        });
        source.body().endHandler(v -> {
            try {
                done.tryComplete(bytes.length() == 0 ? Optional.empty()
                        : Optional.of(new Avatar(source.mediaType(), bytes.getBytes())));
            } catch (IllegalArgumentException notAnImage) {
                done.tryFail(notAnImage);
            }
        });
        source.body().resume();
        return done.future();
    }
}
