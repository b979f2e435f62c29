package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.core.store.StateChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The provider's records in a {@link ProviderStore}, one key each. Keys name rooms, URLs and peers by the
 * SHA-256 of their text, as those are arbitrary strings. Blocking, like the store.
 *
 * <p>Layout: {@code mimi/room/<h>} the room; {@code mimi/rooms} the hosted rooms; {@code mimi/log/<h>/<seq>} one
 * fan-out entry (its recipients and the exact FanoutMessage bytes); {@code mimi/lanes/<h>} every domain an entry
 * was addressed to; {@code mimi/cursor/<h>/<domain>} the next sequence to look at for that domain;
 * {@code mimi/kp/<ref>} a KeyPackage handed out; {@code mimi/notify/<hub>/<sha256>} a processed notify body (kept
 * for a while: see {@link Follower#forgetProcessedBefore});
 * {@code mimi/abuse/next} and {@code mimi/abuse/<id>} abuse reports; {@code mimi/phone/<e164>} opted-in numbers;
 * {@code mimi/asset/<h>} the rooms an asset URL was seen in.
 */
final class ProviderState {

    /** One fan-out log entry: who gets it and the stored bytes that every attempt resends. */
    record LogEntry(Set<String> recipients, byte[] body) {

        LogEntry {
            recipients = Set.copyOf(recipients);
            body = body.clone();
        }

        byte[] toBytes() {
            return new TlsWriter().uint16(1).vector(new ArrayList<>(new java.util.TreeSet<>(recipients)),
                    (w, d) -> w.opaque(utf8(d))).opaque(body).toByteArray();
        }

        static LogEntry fromBytes(byte[] bytes) {
            TlsReader in = new TlsReader(bytes);
            requireVersion(in, "log entry");
            LogEntry entry = new LogEntry(new LinkedHashSet<>(in.vector(ProviderState::text)), in.opaque());
            in.finish();
            return entry;
        }
    }

    private final ProviderStore store;
    /** The changes of the {@link #together} call running on this thread, if any. */
    private final ThreadLocal<List<StateChange>> pending = new ThreadLocal<>();

    ProviderState(ProviderStore store) {
        if (store == null) {
            throw new IllegalArgumentException("store must not be null");
        }
        this.store = store;
    }

    /**
     * Runs {@code changes} (calls of this class's methods) and applies what they write in one commit, all of it or
     * none: one transaction instead of one per key. Reads inside see the writes made before them. A call inside
     * another joins it.
     */
    void together(Runnable changes) {
        if (pending.get() != null) {
            changes.run();
            return;
        }
        List<StateChange> writes = new ArrayList<>();
        pending.set(writes);
        try {
            changes.run();
        } finally {
            pending.remove();
        }
        store.apply(writes);
    }

    /**
     * Adds {@code changes}, writes of another part of the same store, to the {@link #together} call running on this
     * thread, so that they are made in its commit.
     */
    void alongside(List<StateChange> changes) {
        List<StateChange> writes = pending.get();
        if (writes == null) {
            throw new IllegalStateException("writes alongside need a together call on this thread");
        }
        writes.addAll(changes);
    }

    private Optional<byte[]> read(String key) {
        List<StateChange> writes = pending.get();
        if (writes != null) {
            for (int i = writes.size() - 1; i >= 0; i--) {
                if (writes.get(i).key().equals(key)) {
                    return writes.get(i).value();
                }
            }
        }
        return store.get(key);
    }

    private void write(String key, byte[] value) {
        List<StateChange> writes = pending.get();
        if (writes != null) {
            writes.add(StateChange.put(key, value));
        } else {
            store.put(key, value);
        }
    }

    private void remove(String key) {
        List<StateChange> writes = pending.get();
        if (writes != null) {
            writes.add(StateChange.delete(key));
        } else {
            store.delete(key);
        }
    }

    // Rooms.

    Optional<ProviderRoom> room(String roomUri) {
        return read("mimi/room/" + hash(roomUri)).map(ProviderRoom::fromBytes);
    }

    /** The commit point of every room change: log entries and lanes are written before it. */
    void putRoom(ProviderRoom room) {
        if (room.role() == ProviderRoom.Role.HUB) {
            List<String> hosted = hostedRooms();
            if (!hosted.contains(room.roomUri())) {
                hosted = new ArrayList<>(hosted);
                hosted.add(room.roomUri());
                write("mimi/rooms", strings(hosted));
            }
        }
        write("mimi/room/" + hash(room.roomUri()), room.toBytes());
    }

    List<String> hostedRooms() {
        return read("mimi/rooms").map(ProviderState::strings).orElse(List.of());
    }

    // The fan-out log.

    void putLog(String roomUri, long sequence, LogEntry entry) {
        write("mimi/log/" + hash(roomUri) + "/" + sequence, entry.toBytes());
    }

    Optional<LogEntry> log(String roomUri, long sequence) {
        return read("mimi/log/" + hash(roomUri) + "/" + sequence).map(LogEntry::fromBytes);
    }

    void deleteLog(String roomUri, long sequence) {
        remove("mimi/log/" + hash(roomUri) + "/" + sequence);
    }

    Set<String> lanes(String roomUri) {
        return read("mimi/lanes/" + hash(roomUri)).map(b -> (Set<String>) new LinkedHashSet<>(strings(b)))
                .orElse(Set.of());
    }

    void addLanes(String roomUri, Set<String> domains) {
        Set<String> all = new LinkedHashSet<>(lanes(roomUri));
        if (all.addAll(domains)) {
            write("mimi/lanes/" + hash(roomUri), strings(new ArrayList<>(all)));
        }
    }

    long cursor(String roomUri, String domain) {
        return read("mimi/cursor/" + hash(roomUri) + "/" + domain).map(b -> new TlsReader(b).uint64()).orElse(0L);
    }

    void putCursor(String roomUri, String domain, long next) {
        write("mimi/cursor/" + hash(roomUri) + "/" + domain, new TlsWriter().uint64(next).toByteArray());
    }

    // KeyPackages handed out, by KeyPackageRef in hex.

    void putHandedOut(String refHex, byte[] record) {
        write("mimi/kp/" + refHex, record);
    }

    Optional<byte[]> handedOut(String refHex) {
        return read("mimi/kp/" + refHex);
    }

    void deleteHandedOut(String refHex) {
        remove("mimi/kp/" + refHex);
    }

    // Notify bodies processed, by hub and SHA-256 of the exact body.

    boolean notifySeen(String hub, byte[] bodyHash) {
        return read("mimi/notify/" + hub + "/" + HexFormat.of().formatHex(bodyHash)).isPresent();
    }

    void markNotifySeen(String hub, byte[] bodyHash) {
        write("mimi/notify/" + hub + "/" + HexFormat.of().formatHex(bodyHash), new byte[] {1});
    }

    /** Forgets the notify bodies marked processed before {@code before}; returns how many. */
    int forgetNotifiesBefore(java.time.Instant before) {
        return store.deleteWrittenBefore("mimi/notify/", before);
    }

    // Abuse reports.

    long nextAbuseId() {
        long next = read("mimi/abuse/next").map(b -> new TlsReader(b).uint64()).orElse(1L);
        write("mimi/abuse/next", new TlsWriter().uint64(next + 1).toByteArray());
        return next;
    }

    long abuseIdsBelow() {
        return read("mimi/abuse/next").map(b -> new TlsReader(b).uint64()).orElse(1L);
    }

    void putAbuse(long id, byte[] record) {
        write("mimi/abuse/" + id, record);
    }

    Optional<byte[]> abuse(long id) {
        return read("mimi/abuse/" + id);
    }

    // The opt-in phone directory.

    void putPhone(String e164, String userUri) {
        write("mimi/phone/" + e164, utf8(userUri));
    }

    void deletePhone(String e164) {
        remove("mimi/phone/" + e164);
    }

    Optional<String> phone(String e164) {
        return read("mimi/phone/" + e164).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    // Asset URLs seen in rooms we host.

    void addAssetRoom(String url, String roomUri) {
        List<String> rooms = new ArrayList<>(assetRooms(url));
        if (!rooms.contains(roomUri)) {
            rooms.add(roomUri);
            write("mimi/asset/" + hash(url), strings(rooms));
        }
    }

    List<String> assetRooms(String url) {
        return read("mimi/asset/" + hash(url)).map(ProviderState::strings).orElse(List.of());
    }

    // Encoding helpers.

    static String hash(String text) {
        return HexFormat.of().formatHex(sha256(utf8(text)));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(TlsReader in) {
        return new String(in.opaque(), StandardCharsets.UTF_8);
    }

    static void requireVersion(TlsReader in, String what) {
        int version = in.uint16();
        if (version != 1) {
            throw new dev.passerelle.connector.dma.mls.codec.TlsDecodeException(
                    "unsupported " + what + " version " + version, 0);
        }
    }

    private static byte[] strings(List<String> values) {
        return new TlsWriter().uint16(1).vector(values, (w, s) -> w.opaque(utf8(s))).toByteArray();
    }

    private static List<String> strings(byte[] bytes) {
        TlsReader in = new TlsReader(bytes);
        requireVersion(in, "list");
        List<String> out = in.vector(ProviderState::text);
        in.finish();
        return out;
    }
}
