package dev.passerelle.core.admin;

import io.vertx.ext.web.RoutingContext;

/** The {@code offset} and {@code limit} query parameters of a listing: 0 and 100 unless given, limit at most 1,000. */
record Page(int offset, int limit) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    static Page of(RoutingContext ctx) {
        return new Page(param(ctx, "offset", 0, 0, Integer.MAX_VALUE), param(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
    }

    private static int param(RoutingContext ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.request().getParam(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw ApiError.badRequest(name + " must be an integer from " + min + " to " + max + ", was '" + text + "'");
    }
}
