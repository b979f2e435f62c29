package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this provider knows of one room: its URI, the hub's domain, whether we are that hub, the room policy, the
 * participant list with roles, the current MLS epoch, and (as hub) the next sequence number of the room's fan-out
 * log and the last acceptance timestamp given out. Its encoding (versioned, the MLS TLS codec) is the commit point
 * of every change the hub accepts.
 */
public record ProviderRoom(String roomUri, String hubDomain, Role role, RoomPolicy policy,
        List<Participant> participants, long epoch, long nextSequence, long lastTimestamp) {

    /** Version of the encoding written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;

    /** Our part in the room. */
    public enum Role {
        /** The room originates behind us: we enforce its policy and fan its messages out. */
        HUB,
        /** The room is hosted elsewhere: we receive its fan-out and send our users' messages to its hub. */
        FOLLOWER
    }

    /** Checks presence, a unique user per entry and the counters' ranges. */
    public ProviderRoom {
        Objects.requireNonNull(roomUri, "roomUri");
        Objects.requireNonNull(hubDomain, "hubDomain");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(policy, "policy");
        participants = List.copyOf(Objects.requireNonNull(participants, "participants"));
        Set<String> users = new java.util.HashSet<>();
        for (Participant p : participants) {
            if (!users.add(p.user())) {
                throw new IllegalArgumentException(p.user() + " is listed twice");
            }
        }
        if (nextSequence < 0 || lastTimestamp < 0) {
            throw new IllegalArgumentException("sequence and timestamp must not be negative");
        }
    }

    /** A room as its hub creates it, at {@code epoch} (0 for a new MLS group). */
    public static ProviderRoom hosted(String roomUri, RoomPolicy policy, List<Participant> participants, long epoch) {
        return new ProviderRoom(roomUri, MimiUris.domainOf(roomUri), Role.HUB, policy, participants, epoch, 0, 0);
    }

    /** A room hosted elsewhere, as a follower first hears of it. */
    public static ProviderRoom followed(String roomUri, String hubDomain) {
        return new ProviderRoom(roomUri, hubDomain, Role.FOLLOWER, RoomPolicy.of(false, List.of()), List.of(), 0, 0,
                0);
    }

    /** The participant entry of {@code user}. */
    public Optional<Participant> participant(String user) {
        return participants.stream().filter(p -> p.user().equals(user)).findFirst();
    }

    /** The provider domains with at least one participant, in list order. */
    public Set<String> domains() {
        Set<String> out = new LinkedHashSet<>();
        participants.forEach(p -> out.add(p.domain()));
        return out;
    }

    /** This room with another participant list and epoch. */
    public ProviderRoom withMembers(List<Participant> newParticipants, long newEpoch) {
        return new ProviderRoom(roomUri, hubDomain, role, policy, newParticipants, newEpoch, nextSequence,
                lastTimestamp);
    }

    /** This room after appending one entry to its log at {@code timestamp}. */
    public ProviderRoom withLogged(long timestamp) {
        return new ProviderRoom(roomUri, hubDomain, role, policy, participants, epoch, nextSequence + 1,
                Math.max(lastTimestamp, timestamp));
    }

    /** The encoded record. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter().uint16(FORMAT_VERSION);
        out.opaque(utf8(roomUri)).opaque(utf8(hubDomain)).uint8(role.ordinal());
        out.uint8(policy.fixedMembership() ? 1 : 0);
        out.vector(new ArrayList<>(new TreeMap<>(policy.roles()).values()),
                (w, r) -> w.uint32(r.index()).opaque(utf8(r.name()))
                        .vector(new ArrayList<>(new java.util.TreeSet<>(r.capabilities())), TlsWriter::uint16));
        out.vector(participants, (w, p) -> w.opaque(utf8(p.user())).uint32(p.roleIndex()));
        out.uint64(epoch).uint64(nextSequence).uint64(lastTimestamp);
        return out.toByteArray();
    }

    /** Reads {@link #toBytes()}; an unknown version is refused with its number. */
    public static ProviderRoom fromBytes(byte[] bytes) {
        TlsReader in = new TlsReader(bytes);
        int version = in.uint16();
        if (version != FORMAT_VERSION) {
            throw new TlsDecodeException("unsupported room record version " + version, 0);
        }
        String roomUri = text(in);
        String hub = text(in);
        int roleAt = in.offset();
        int roleCode = in.uint8();
        if (roleCode >= Role.values().length) {
            throw new TlsDecodeException("unknown room role " + roleCode, roleAt);
        }
        boolean fixed = in.uint8() == 1;
        List<RoomPolicy.Role> roles = in.vector(r -> new RoomPolicy.Role(r.uint32(), text(r),
                new java.util.HashSet<>(r.vector(TlsReader::uint16))));
        List<Participant> participants = in.vector(r -> new Participant(text(r), r.uint32()));
        ProviderRoom room = new ProviderRoom(roomUri, hub, Role.values()[roleCode], RoomPolicy.of(fixed, roles),
                participants, in.uint64(), in.uint64(), in.uint64());
        in.finish();
        return room;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(TlsReader in) {
        return new String(in.opaque(), StandardCharsets.UTF_8);
    }
}
