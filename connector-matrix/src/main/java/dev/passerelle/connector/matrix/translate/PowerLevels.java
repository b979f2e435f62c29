package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Role;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@code m.room.power_levels} content read as canonical roles, and roles written back as power levels.
 *
 * <p>Thresholds: the room's creators (room version 12 on: {@code sender} and {@code additional_creators} of
 * {@code m.room.create}, with unlimited power and never listed in power levels) are {@link Role#OWNER}; a level of
 * 100 or more is {@link Role#ADMIN}; 50 or more {@link Role#MODERATOR}; enough to send {@code m.room.message} is
 * {@link Role#MEMBER}; below that {@link Role#VISITOR}. For rooms before version 12 pass no creators: their
 * creator is an ordinary user at level 100. Missing or malformed fields take the spec's defaults (users 0, events
 * 0, state 50, invite 0, kick/ban/redact 50), the way a homeserver reads them.
 */
public final class PowerLevels {
    /** The level the spec's defaults give administrators, and the one written for ADMIN and OWNER. */
    public static final int ADMIN_LEVEL = 100;
    /** The level written for MODERATOR. */
    public static final int MODERATOR_LEVEL = 50;

    /**
     * State event types the plumbing pre-check may ask about; they need {@code state_default}, not
     * {@code events_default}, unless {@code events} names them.
     */
    private static final Set<String> STATE_TYPES = Set.of("m.room.name", "m.room.topic", "m.room.avatar",
            "m.room.power_levels", "m.room.member", "m.room.join_rules", "m.room.history_visibility",
            "m.room.canonical_alias", "m.room.server_acl", "m.room.pinned_events", "m.room.encryption",
            "m.room.tombstone", "m.room.guest_access", "m.space.child", "m.space.parent", "m.bridge",
            "uk.half-shot.bridge");
    /** Actions with their own level key, and the spec's default for each. */
    private static final Map<String, Integer> ACTIONS = Map.of("invite", 0, "kick", 50, "ban", 50, "redact", 50);

    private final ObjectNode content;
    private final Set<MatrixUserId> creators;

    private PowerLevels(ObjectNode content, Set<MatrixUserId> creators) {
        this.content = content;
        this.creators = Set.copyOf(creators);
    }

    /** Reads power levels; {@code creators} are the room v12+ creators (empty for older rooms). */
    public static PowerLevels of(ObjectNode content, Set<MatrixUserId> creators) {
        if (content == null || creators == null) {
            throw new IllegalArgumentException("power levels need a content and a (possibly empty) creator set");
        }
        return new PowerLevels(content.deepCopy(), creators);
    }

    /** The power level of a user; creators have unlimited power, shown as {@link Long#MAX_VALUE}. */
    public long level(MatrixUserId user) {
        if (creators.contains(user)) {
            return Long.MAX_VALUE;
        }
        JsonNode users = content.get("users");
        if (users != null && users.isObject() && users.has(user.toString())) {
            return number(users.get(user.toString()), usersDefault());
        }
        return usersDefault();
    }

    /** The role of a user per the thresholds above. */
    public Role roleOf(MatrixUserId user) {
        if (creators.contains(user)) {
            return Role.OWNER;
        }
        long level = level(user);
        if (level >= ADMIN_LEVEL) {
            return Role.ADMIN;
        }
        if (level >= MODERATOR_LEVEL) {
            return Role.MODERATOR;
        }
        return level >= required("m.room.message") ? Role.MEMBER : Role.VISITOR;
    }

    /** The role of every creator and every user listed in {@code users}; anyone else is {@link #defaultRole()}. */
    public Map<MatrixUserId, Role> roles() {
        Map<MatrixUserId, Role> out = new LinkedHashMap<>();
        creators.forEach(c -> out.put(c, Role.OWNER));
        JsonNode users = content.get("users");
        if (users != null && users.isObject()) {
            Iterator<String> names = users.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                try {
                    MatrixUserId user = MatrixUserId.parse(name);
                    out.putIfAbsent(user, roleOf(user));
                } catch (AddressException e) {
                    // A key that is not a user id cannot match any sender, so a homeserver ignores it too.
                    continue;
                }
            }
        }
        return out;
    }

    /** The users {@code users} lists (keys that are not user ids are skipped, as a homeserver does). */
    Set<MatrixUserId> listedUsers() {
        Set<MatrixUserId> out = new TreeSet<>(Comparator.comparing(MatrixUserId::toString));
        JsonNode users = content.get("users");
        if (users != null && users.isObject()) {
            Iterator<String> names = users.fieldNames();
            while (names.hasNext()) {
                try {
                    out.add(MatrixUserId.parse(names.next()));
                } catch (AddressException e) {
                    continue;
                }
            }
        }
        return out;
    }

    /**
     * The creators of a room of version 12 or later, read from its whole {@code m.room.create} event (as
     * {@code GET .../state/m.room.create/?format=event} gives it): the {@code sender} and the content's
     * {@code additional_creators}. Empty for older rooms, whose creator holds an ordinary level.
     */
    public static Set<MatrixUserId> creators(ObjectNode createEvent) {
        Set<MatrixUserId> creators = new HashSet<>();
        if (createEvent == null) {
            return creators;
        }
        JsonNode content = createEvent.path("content");
        String version = content.path("room_version").asText("1");
        if (!version.matches("\\d{1,6}") || Integer.parseInt(version) < 12) {
            return creators;
        }
        addCreator(creators, createEvent.path("sender"));
        content.path("additional_creators").forEach(c -> addCreator(creators, c));
        return creators;
    }

    private static void addCreator(Set<MatrixUserId> creators, JsonNode value) {
        if (value.isTextual()) {
            try {
                creators.add(MatrixUserId.parse(value.textValue()));
            } catch (AddressException e) {
                // A malformed creator gives no power: the homeserver would not accept it either.
                return;
            }
        }
    }

    /** The role of users not listed. */
    public Role defaultRole() {
        long level = usersDefault();
        if (level >= ADMIN_LEVEL) {
            return Role.ADMIN;
        }
        if (level >= MODERATOR_LEVEL) {
            return Role.MODERATOR;
        }
        return level >= required("m.room.message") ? Role.MEMBER : Role.VISITOR;
    }

    /**
     * The powers {@code user} lacks among {@code needed}: event types (state types from a known list need
     * {@code state_default} unless {@code events} names them) and the actions {@code invite}, {@code kick},
     * {@code ban}, {@code redact}. Empty when the user can do all of it. Sorted, for stable messages.
     */
    public Set<String> missingPowers(MatrixUserId user, Set<String> needed) {
        long level = level(user);
        Set<String> missing = new TreeSet<>();
        for (String power : needed) {
            if (level < required(power)) {
                missing.add(power);
            }
        }
        return missing;
    }

    /** {@link #missingPowers(MatrixUserId, Set)} for a room before version 12 (no creators with unlimited power). */
    public static Set<String> missingPowers(ObjectNode content, MatrixUserId bot, Set<String> eventTypesNeeded) {
        return of(content, Set.of()).missingPowers(bot, eventTypesNeeded);
    }

    /**
     * A power-levels content for a portal: {@code base} (may be empty) with {@code users} set from the roles.
     * OWNER and ADMIN get 100, MODERATOR 50, MEMBER is removed (the users default), VISITOR one below what
     * {@code m.room.message} needs. Creators are never listed: room v12 forbids it, and they need no level.
     */
    public static ObjectNode withRoles(ObjectNode base, Map<MatrixUserId, Role> roles, Set<MatrixUserId> creators) {
        if (base == null || roles == null || creators == null) {
            throw new IllegalArgumentException("base, roles and creators must not be null");
        }
        ObjectNode out = base.deepCopy();
        PowerLevels current = new PowerLevels(out, creators);
        long visitor = current.required("m.room.message") - 1;
        JsonNode existing = out.get("users");
        ObjectNode users = existing != null && existing.isObject() ? (ObjectNode) existing : out.putObject("users");
        creators.forEach(c -> users.remove(c.toString()));
        roles.forEach((user, role) -> {
            if (creators.contains(user)) {
                return;
            }
            switch (role) {
                case OWNER:
                case ADMIN:
                    users.put(user.toString(), ADMIN_LEVEL);
                    break;
                case MODERATOR:
                    users.put(user.toString(), MODERATOR_LEVEL);
                    break;
                case MEMBER:
                    users.remove(user.toString());
                    break;
                default:
                    users.put(user.toString(), visitor);
                    break;
            }
        });
        return out;
    }

    private long required(String power) {
        Integer actionDefault = ACTIONS.get(power);
        if (actionDefault != null) {
            return number(content.get(power), actionDefault);
        }
        JsonNode events = content.get("events");
        if (events != null && events.isObject() && events.has(power)) {
            return number(events.get(power), 0);
        }
        return STATE_TYPES.contains(power) ? number(content.get("state_default"), 50)
                : number(content.get("events_default"), 0);
    }

    private long usersDefault() {
        return number(content.get("users_default"), 0);
    }

    /** Power levels are integers; older rooms may hold them as strings of digits, which servers accept. */
    private static long number(JsonNode v, long fallback) {
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().strip());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
