package dev.passerelle.core.admin;

import dev.passerelle.core.spi.AccessRefusals;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}. The comparison runs over
 * SHA-256 digests with {@link MessageDigest#isEqual}, so its time depends neither on where the first
 * wrong character is nor on the token's length. Each refusal counts in {@code passerelle.access.refused} with
 * surface {@code admin} and reason {@code missing_token} or {@code wrong_token}.
 */
final class BearerAuth implements Handler<RoutingContext> {

    private static final String SCHEME = "bearer ";

    private final byte[] expected;
    private final AccessRefusals refusals;

    BearerAuth(String token, AccessRefusals refusals) {
        this.expected = sha256(token);
        this.refusals = refusals;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.length() > SCHEME.length()
                && header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)
                && MessageDigest.isEqual(expected, sha256(header.substring(SCHEME.length()).trim()))) {
            ctx.next();
            return;
        }
        boolean missing = header == null;
        refusals.refused(AccessRefusals.Surface.ADMIN, missing ? "missing_token" : "wrong_token",
                String.valueOf(ctx.request().remoteAddress()),
                ctx.request().method() + " " + ctx.request().path() + " without the admin token");
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"passerelle-admin\"");
        Reply.error(ctx, 401, missing ? "missing bearer token" : "wrong bearer token");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
