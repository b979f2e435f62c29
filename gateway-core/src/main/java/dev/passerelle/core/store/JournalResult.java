package dev.passerelle.core.store;

import java.util.List;

/**
 * What a group commit produced, in the order of the batch's appends: for each append, the sequence
 * numbers of its deliveries (one per target, in target order), or {@code null} if it was a duplicate.
 */
public record JournalResult(List<long[]> appended) {

    public JournalResult {
        appended = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(appended));
    }

    /** True if the i-th append was already known (its origin native id was mapped) and wrote nothing. */
    public boolean duplicate(int i) {
        return appended.get(i) == null;
    }
}
