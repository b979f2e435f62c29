package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.protocol.IdentifierRequest;
import dev.passerelle.connector.dma.protocol.IdentifierResponse;
import dev.passerelle.connector.dma.provider.AbuseReports;
import dev.passerelle.connector.dma.provider.PhoneDirectory;
import dev.passerelle.connector.dma.provider.RoomExists;
import dev.passerelle.connector.dma.provider.StoredAbuseReport;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.admin.ConnectorAdmin;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MIMI connector's admin operations, under {@code /api/v1/connectors/<name>/}:
 * <ul>
 *   <li>{@code GET abuse-reports}: the reports peers (and our own users) sent about rooms we host, oldest
 *       first;</li>
 *   <li>{@code POST abuse-reports} with {@code {"room", "reporter", "abuser", "reason", "note"}}: one of our users
 *       reports another user of a room to the room's hub (kept here if we host it);</li>
 *   <li>{@code GET lookup?domain=<provider>&phone=<E.164>} (or {@code &handle=<URI>}, {@code &nick=<name>}): asks
 *       the provider's identifierQuery, answering the URIs found;</li>
 *   <li>{@code PUT phones/<E.164>} with {@code {"user": "<uri>"}}: the operator lists the number for one of our
 *       users, who agreed to it (a MIMI ghost URI of ours, or the XMPP or Matrix user's own URI);</li>
 *   <li>{@code GET phones/<E.164>}: who is listed with the number (404 if nobody);</li>
 *   <li>{@code DELETE phones/<E.164>}: the user opts out;</li>
 *   <li>{@code POST rooms} with {@code {"room": "mimi://<provider>/r/<name>", "creator": "<uri>", "members":
 *       ["<uri>", ...], "oneToOne": false}}: creates a room we host, the creator (one of our users) its
 *       administrator, and adds the members (ours or other providers' users; XMPP and Matrix users as their
 *       ghosts).</li>
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
    private final RoomCreator rooms;
    private final Lookup lookup;
    private final AbuseForwarder reports;

    /** Creates a room we host (the connector's {@code createRoom}). */
    @FunctionalInterface
    interface RoomCreator {
        Future<Void> create(MimiRoomUri room, boolean oneToOne, MimiUserUri creator, List<MimiUserUri> others);
    }

    /** Asks a provider's identifierQuery (the connector's {@code lookup}). */
    @FunctionalInterface
    interface Lookup {
        Future<IdentifierResponse> lookup(String domain, IdentifierRequest.SearchType type, String value);
    }

    /** Sends an abuse report to a room's hub (the connector's {@code reportAbuse}). */
    @FunctionalInterface
    interface AbuseForwarder {
        Future<Void> report(MimiRoomUri room, MimiUserUri reporter, MimiUserUri abuser, int reasonCode, String note);
    }

    DmaAdmin(Vertx vertx, String provider, GhostNaming ghosts, GatewayUsers users, PhoneDirectory phones,
            AbuseReports abuse, RoomCreator rooms, Lookup lookup, AbuseForwarder reports) {
        this.rooms = rooms;
        this.lookup = lookup;
        this.reports = reports;
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
        if (path.equals("abuse-reports") && method.equals("POST")) {
            return reportAbuse(request.body().orElseThrow(() -> new Refused(400, "the body must be a JSON object")));
        }
        if (path.equals("lookup")) {
            requireMethod(method, "GET");
            return lookup(request.query());
        }
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
        if (path.equals("rooms")) {
            requireMethod(method, "POST");
            return createRoom(request.body().orElseThrow(() -> new Refused(400, "the body must be a JSON object")));
        }
        throw new Refused(404, "no MIMI admin operation " + path);
    }

    private Future<JsonObject> createRoom(JsonObject body) {
        MimiRoomUri room;
        try {
            room = Addresses.parse(text(body, "room")) instanceof MimiRoomUri r ? r : null;
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "room: " + e.getMessage());
        }
        if (room == null || !room.provider().equals(provider)) {
            throw new Refused(400, "room must be a MIMI room of this provider (mimi://" + provider + "/r/<name>)");
        }
        MimiUserUri creator = ghostOf(text(body, "creator"));
        Object oneToOne = body.getValue("oneToOne", false);
        if (!(oneToOne instanceof Boolean)) {
            throw new Refused(400, "oneToOne must be true or false");
        }
        Object list = body.getValue("members", new JsonArray());
        if (!(list instanceof JsonArray members)) {
            throw new Refused(400, "members must be an array of user URIs");
        }
        List<MimiUserUri> others = new ArrayList<>();
        for (Object member : members) {
            if (!(member instanceof String uri)) {
                throw new Refused(400, "members must be an array of user URIs");
            }
            others.add(memberOf(uri));
        }
        MimiRoomUri created = room;
        return vertx.executeBlocking(() -> {
            if (!users.bridged(creator)) {
                throw new Refused(400, creator + " is not one of the users this gateway bridges");
            }
            return null;
        }, false).compose(v -> rooms.create(created, (Boolean) oneToOne, creator, others)).recover(e -> {
            if (e instanceof RoomExists exists) {
                return Future.failedFuture(new Refused(409, exists.getMessage()));
            }
            if (e instanceof GatewayException g && g.reason() == GatewayException.Reason.INVALID) {
                return Future.failedFuture(new Refused(400, g.getMessage()));
            }
            return Future.failedFuture(e);
        }).map(v -> {
            JsonArray out = new JsonArray();
            others.forEach(o -> out.add(o.toUri()));
            return new JsonObject().put("room", created.toUri()).put("creator", creator.toUri())
                    .put("members", out).put("oneToOne", oneToOne);
        });
    }

    private Future<JsonObject> lookup(Map<String, String> query) {
        String domain = query.get("domain");
        if (domain == null || domain.isBlank()) {
            throw new Refused(400, "domain is required (the provider to ask)");
        }
        List<String> given = new ArrayList<>();
        for (String key : List.of("phone", "handle", "nick")) {
            if (query.containsKey(key)) {
                given.add(key);
            }
        }
        if (given.size() != 1) {
            throw new Refused(400, "give exactly one of phone, handle and nick");
        }
        String key = given.get(0);
        String value = query.get(key);
        IdentifierRequest.SearchType type;
        if (key.equals("phone")) {
            // A "+" left unencoded in a query string arrives as a space.
            value = value.startsWith(" ") ? "+" + value.substring(1) : value;
            if (!PhoneDirectory.isE164(value)) {
                throw new Refused(400, "'" + value + "' is not an E.164 number (+ and 8 to 15 digits; send + as %2B)");
            }
            type = IdentifierRequest.SearchType.PHONE;
        } else if (key.equals("handle")) {
            type = IdentifierRequest.SearchType.HANDLE;
        } else {
            type = IdentifierRequest.SearchType.NICK;
        }
        String searched = value;
        return lookup.lookup(domain, type, searched).recover(e -> Future.failedFuture(refusal(e))).map(answer -> {
            JsonArray found = new JsonArray();
            answer.uris().forEach(u -> found.add(u.uri()));
            return new JsonObject().put("domain", domain).put(key, searched)
                    .put("responseCode", answer.responseCode().name()).put("found", found);
        });
    }

    private Future<JsonObject> reportAbuse(JsonObject body) {
        MimiRoomUri room;
        try {
            room = Addresses.parse(text(body, "room")) instanceof MimiRoomUri r ? r : null;
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "room: " + e.getMessage());
        }
        if (room == null) {
            throw new Refused(400, "room must be a MIMI room URI (mimi://<provider>/r/<name>)");
        }
        MimiUserUri reporter = ghostOf(text(body, "reporter"));
        MimiUserUri abuser = memberOf(text(body, "abuser"));
        Object reason = body.getValue("reason", 0);
        if (!(reason instanceof Integer code) || code < 0 || code > 255) {
            throw new Refused(400, "reason must be an integer from 0 to 255");
        }
        Object note = body.getValue("note", "");
        if (!(note instanceof String text)) {
            throw new Refused(400, "note must be a string");
        }
        MimiRoomUri about = room;
        return reports.report(about, reporter, abuser, code, text).recover(e -> Future.failedFuture(refusal(e)))
                .map(v -> new JsonObject().put("room", about.toUri()).put("hub", about.provider())
                        .put("reporter", reporter.toUri()).put("abuser", abuser.toUri()).put("reason", code)
                        .put("note", text));
    }

    /** A failure the operator can act on (a bad request, an unknown room or user) as its 4xx; others as they are. */
    private static Throwable refusal(Throwable e) {
        if (e instanceof GatewayException g) {
            if (g.reason() == GatewayException.Reason.INVALID) {
                return new Refused(400, g.getMessage());
            }
            if (g.reason() == GatewayException.Reason.NOT_FOUND) {
                return new Refused(404, g.getMessage());
            }
        }
        return e;
    }

    private static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new Refused(400, field + " is required (a URI)");
        }
        return s;
    }

    /** A member to add: any provider's MIMI user, or an XMPP or Matrix user as our ghost. */
    private MimiUserUri memberOf(String uri) {
        try {
            if (Addresses.parse(uri) instanceof MimiUserUri m) {
                return m;
            }
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "'" + uri + "' is not an address URI: " + e.getMessage());
        }
        return ghostOf(uri);
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
