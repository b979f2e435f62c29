package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * ParticipantListUpdate (protocol-06 section 7.5), the update of an AppDataUpdate proposal for the participant_list
 * component (0x0022): role changes and removals by index into the current list, then users appended.
 */
public record ParticipantListUpdate(List<RoleChange> changedRoles, List<Long> removedIndices,
        List<Participant> added) {

    /** The participant_list app component id (protocol-06 section 10.3). */
    public static final int COMPONENT_ID = 0x0022;

    /** UserindexRolePair: the participant at {@code userIndex} gets {@code roleIndex}. */
    public record RoleChange(long userIndex, long roleIndex) {

        /** Checks both are uint32 and the new role is not zero. */
        public RoleChange {
            if (userIndex < 0 || userIndex > 0xffff_ffffL || roleIndex <= 0 || roleIndex > 0xffff_ffffL) {
                throw new IllegalArgumentException("user and role indexes must be uint32, the role non-zero");
            }
        }
    }

    /** Copies the lists. */
    public ParticipantListUpdate {
        changedRoles = List.copyOf(Objects.requireNonNull(changedRoles, "changedRoles"));
        removedIndices = List.copyOf(Objects.requireNonNull(removedIndices, "removedIndices"));
        added = List.copyOf(Objects.requireNonNull(added, "added"));
    }

    /** An update that only adds. */
    public static ParticipantListUpdate adding(List<Participant> added) {
        return new ParticipantListUpdate(List.of(), List.of(), added);
    }

    /** The encoded update. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        out.vector(changedRoles, (w, c) -> w.uint32(c.userIndex()).uint32(c.roleIndex()));
        out.vector(removedIndices, TlsWriter::uint32);
        out.vector(added, (w, p) -> w.opaque(p.user().getBytes(StandardCharsets.UTF_8)).uint32(p.roleIndex()));
        return out.toByteArray();
    }

    /** Reads an update; malformed bytes or an invalid entry give an IllegalArgumentException with the reason. */
    public static ParticipantListUpdate decode(byte[] bytes) {
        try {
            TlsReader in = new TlsReader(bytes);
            List<RoleChange> changes = in.vector(r -> new RoleChange(r.uint32(), r.uint32()));
            List<Long> removed = in.vector(TlsReader::uint32);
            List<Participant> added = in.vector(
                    r -> new Participant(new String(r.opaque(), StandardCharsets.UTF_8), r.uint32()));
            in.finish();
            return new ParticipantListUpdate(changes, removed, added);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed ParticipantListUpdate: " + e.getMessage(), e);
        }
    }

    /**
     * The list after this update: roles changed, then removals, then additions appended. Refuses an index out of
     * range, an added user already listed, and touching the same user twice (section 7.5).
     */
    public List<Participant> applyTo(List<Participant> current) {
        Set<String> touched = new HashSet<>();
        List<Participant> next = new ArrayList<>(current);
        for (RoleChange change : changedRoles) {
            Participant p = at(current, change.userIndex());
            touch(touched, p.user());
            next.set((int) change.userIndex(), new Participant(p.user(), change.roleIndex()));
        }
        Set<Integer> removed = new HashSet<>();
        for (long index : removedIndices) {
            touch(touched, at(current, index).user());
            removed.add((int) index);
        }
        List<Participant> kept = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            if (!removed.contains(i)) {
                kept.add(next.get(i));
            }
        }
        for (Participant p : added) {
            touch(touched, p.user());
            if (current.stream().anyMatch(c -> c.user().equals(p.user()))) {
                throw new IllegalArgumentException(p.user() + " is already a participant");
            }
            kept.add(p);
        }
        return List.copyOf(kept);
    }

    private static Participant at(List<Participant> list, long index) {
        if (index >= list.size()) {
            throw new IllegalArgumentException("participant index " + index + " is out of range (" + list.size()
                    + " participants)");
        }
        return list.get((int) index);
    }

    private static void touch(Set<String> touched, String user) {
        if (!touched.add(user)) {
            throw new IllegalArgumentException(user + " is changed more than once in one update");
        }
    }
}
