package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.provider.AbuseReports;
import dev.passerelle.connector.dma.provider.PhoneDirectory;
import dev.passerelle.connector.dma.provider.StoredAbuseReport;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.admin.ConnectorAdmin;
import dev.passerelle.core.ghost.GhostNaming;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The MIMI connector's admin operations, under {@code /api/v1/connectors/<name>/}:
 * <ul>
 *   <li>{@code GET abuse-reports}: the reports peers sent about rooms we host, oldest first;</li>
 *   <li>{@code PUT phones/<E.164>} with {@code {"user": "<uri>"}}: the operator lists the number for one of our
 *       users, who agreed to it (a MIMI ghost URI of ours, or the XMPP or Matrix user's own URI);</li>
 *   <li>{@code GET phones/<E.164>}: who is listed with the number (404 if nobody);</li>
 *   <li>{@code DELETE phones/<E.164>}: the user opts out.</li>
 * </ul>
 * Only listed numbers are ever found by peers' phone queries.
 */
final class DmaAdmin implements ConnectorAdmin {

    private final Vertx vertx;
    private final String provider;
    private final GhostNaming ghosts;
    private final GatewayUsers users;
    private final PhoneDirectory phones;
    private final AbuseReports abuse;

    DmaAdmin(Vertx vertx, String provider, GhostNaming ghosts, GatewayUsers users, PhoneDirectory phones,
            AbuseReports abuse) {
        this.vertx = vertx;
        this.provider = provider;
        this.ghosts = ghosts;
        this.users = users;
        this.phones = phones;
        this.abuse = abuse;
    }

    @Override
    public Future<JsonObject> handle(Request request) {
        String path = request.path();
        String method = request.method();
        if (path.equals("abuse-reports")) {
            requireMethod(method, "GET");
            return vertx.executeBlocking(() -> {
                JsonArray out = new JsonArray();
                abuse.list().forEach(r -> out.add(view(r)));
                return new JsonObject().put("abuseReports", out);
            }, false);
        }
        if (path.startsWith("phones/")) {
            String number = path.substring("phones/".length());
            if (!PhoneDirectory.isE164(number)) {
                throw new Refused(400, "'" + number + "' is not an E.164 number (+ and 8 to 15 digits)");
            }
            if (method.equals("GET")) {
                return vertx.executeBlocking(() -> phones.lookup(number), false).map(user -> new JsonObject()
                        .put("number", number).put("user", user.orElseThrow(
                                () -> new Refused(404, "nobody is listed with " + number))));
            }
            if (method.equals("PUT")) {
                String user = request.body().map(b -> b.getValue("user")).filter(String.class::isInstance)
                        .map(String.class::cast).orElseThrow(() -> new Refused(400,
                                "the body must be {\"user\": \"<MIMI, XMPP or Matrix URI of the user>\"}"));
                MimiUserUri ghost = ghostOf(user);
                return vertx.executeBlocking(() -> {
                    if (!users.bridged(ghost)) {
                        throw new Refused(400, user + " is not one of the users this gateway bridges");
                    }
                    phones.optIn(number, ghost.toUri());
                    return new JsonObject().put("number", number).put("user", ghost.toUri());
                }, false);
            }
            if (method.equals("DELETE")) {
                return vertx.executeBlocking(() -> {
                    phones.optOut(number);
                    return new JsonObject().put("number", number).put("listed", false);
                }, false);
            }
            throw new Refused(405, method + " is not allowed on phones/<number>");
        }
        throw new Refused(404, "no MIMI admin operation " + path);
    }

    private MimiUserUri ghostOf(String uri) {
        Address address;
        try {
            address = Addresses.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "'" + uri + "' is not an address URI: " + e.getMessage());
        }
        if (address instanceof MimiUserUri m) {
            if (!m.provider().equals(provider)) {
                throw new Refused(400, uri + " is not a user of this provider (" + provider + ")");
            }
            return m;
        }
        if (address.network() != Network.XMPP && address.network() != Network.MATRIX) {
            throw new Refused(400, uri + " is not a user address");
        }
        try {
            return (MimiUserUri) ghosts.ghostFor(address, Network.MIMI);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new Refused(400, uri + " has no MIMI ghost: " + e.getMessage());
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new Refused(405, method + " is not allowed here, only " + allowed);
        }
    }

    private static JsonObject view(StoredAbuseReport r) {
        return new JsonObject().put("id", r.id()).put("room", r.roomUri()).put("peerDomain", r.peerDomain())
                .put("received", r.received().toString())
                .put("reportingUser", r.report().reportingUser().uri())
                .put("allegedAbuser", r.report().allegedAbuserUri().uri())
                .put("reasonCode", r.report().reasonCode()).put("note", r.report().note())
                .put("messages", r.report().messages().size());
    }
}
