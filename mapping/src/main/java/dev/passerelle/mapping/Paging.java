package dev.passerelle.mapping;

/** The bounds of the paged listings (ghosts, dead letters), checked before a query runs. */
final class Paging {

    /** A page larger than this is a mistake of the caller, not a wish to read the table at once. */
    static final int MAX_LIMIT = 10_000;

    private Paging() {
    }

    static void check(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }
}
