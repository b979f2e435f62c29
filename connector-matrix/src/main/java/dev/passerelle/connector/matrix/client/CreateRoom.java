package dev.passerelle.connector.matrix.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixUserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of {@code POST /createRoom}: what a portal room starts with. Build with {@link #builder()}.
 * In room versions 12 and later creators hold unlimited power and must not appear in the power levels'
 * {@code users}; {@link MatrixClient#createRoom} refuses an override that lists the creating user, and this
 * record refuses one that lists an {@code additional_creators} entry of the creation content.
 */
public record CreateRoom(Optional<String> aliasLocalpart, Optional<String> name, Optional<String> topic,
                         Optional<Preset> preset, Optional<Visibility> visibility, List<MatrixUserId> invitees,
                         boolean isDirect, Optional<String> roomVersion, List<InitialState> initialState,
                         Optional<ObjectNode> powerLevelOverride, Optional<ObjectNode> creationContent) {

    /** The {@code preset} of createRoom. */
    public enum Preset {
        PRIVATE_CHAT, TRUSTED_PRIVATE_CHAT, PUBLIC_CHAT;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the room is published in the server's room directory. */
    public enum Visibility {
        PUBLIC, PRIVATE;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One state event set at creation ({@code initial_state}). */
    public record InitialState(String type, String stateKey, ObjectNode content) {

        public InitialState {
            if (type == null || type.isEmpty()) {
                throw new IllegalArgumentException("initial state type must not be empty");
            }
            if (stateKey == null) {
                throw new IllegalArgumentException("initial state key must not be null (use \"\")");
            }
            if (content == null) {
                throw new IllegalArgumentException("initial state content must not be null");
            }
            content = content.deepCopy();
        }

        @Override
        public ObjectNode content() {
            return content.deepCopy();
        }
    }

    public CreateRoom {
        requireOptional(aliasLocalpart, "aliasLocalpart");
        requireOptional(name, "name");
        requireOptional(topic, "topic");
        requireOptional(preset, "preset");
        requireOptional(visibility, "visibility");
        requireOptional(roomVersion, "roomVersion");
        requireOptional(powerLevelOverride, "powerLevelOverride");
        requireOptional(creationContent, "creationContent");
        aliasLocalpart.ifPresent(alias -> {
            if (alias.isEmpty() || alias.indexOf(':') >= 0 || alias.indexOf('\0') >= 0 || alias.startsWith("#")) {
                throw new IllegalArgumentException("aliasLocalpart must be a non-empty localpart without '#', ':'"
                        + " or NUL, was '" + alias + "'");
            }
        });
        roomVersion.ifPresent(version -> {
            if (version.isEmpty()) {
                throw new IllegalArgumentException("roomVersion must not be empty");
            }
        });
        if (invitees == null || invitees.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("invitees must be a list without nulls");
        }
        if (initialState == null || initialState.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("initialState must be a list without nulls");
        }
        invitees = List.copyOf(invitees);
        initialState = List.copyOf(initialState);
        powerLevelOverride = powerLevelOverride.map(ObjectNode::deepCopy);
        creationContent = creationContent.map(ObjectNode::deepCopy);
        if (creatorsAreImplicit(roomVersion) && powerLevelOverride.isPresent() && creationContent.isPresent()) {
            JsonNode users = powerLevelOverride.get().path("users");
            for (JsonNode creator : creationContent.get().path("additional_creators")) {
                if (creator.isTextual() && users.has(creator.textValue())) {
                    throw new IllegalArgumentException("in room version " + roomVersion.get()
                            + " creators must not be listed in the power levels' users, but "
                            + creator.textValue() + " is");
                }
            }
        }
    }

    @Override
    public Optional<ObjectNode> powerLevelOverride() {
        return powerLevelOverride.map(ObjectNode::deepCopy);
    }

    @Override
    public Optional<ObjectNode> creationContent() {
        return creationContent.map(ObjectNode::deepCopy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True for room versions 12 and later, where creators are not listed in the power levels. */
    static boolean creatorsAreImplicit(Optional<String> roomVersion) {
        if (roomVersion.isEmpty() || !roomVersion.get().matches("\\d{1,6}")) {
            return false;
        }
        return Integer.parseInt(roomVersion.get()) >= 12;
    }

    /** True if the power level override names {@code user} in its {@code users}. */
    boolean listsInPowerLevels(MatrixUserId user) {
        return powerLevelOverride.isPresent() && powerLevelOverride.get().path("users").has(user.toString());
    }

    /** The request body, with only the fields that were set. */
    ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        aliasLocalpart.ifPresent(v -> body.put("room_alias_name", v));
        name.ifPresent(v -> body.put("name", v));
        topic.ifPresent(v -> body.put("topic", v));
        preset.ifPresent(v -> body.put("preset", v.wire()));
        visibility.ifPresent(v -> body.put("visibility", v.wire()));
        if (!invitees.isEmpty()) {
            ArrayNode invite = body.putArray("invite");
            invitees.forEach(user -> invite.add(user.toString()));
        }
        if (isDirect) {
            body.put("is_direct", true);
        }
        roomVersion.ifPresent(v -> body.put("room_version", v));
        if (!initialState.isEmpty()) {
            ArrayNode state = body.putArray("initial_state");
            for (InitialState event : initialState) {
                ObjectNode item = state.addObject();
                item.put("type", event.type());
                item.put("state_key", event.stateKey());
                item.set("content", event.content());
            }
        }
        powerLevelOverride.ifPresent(v -> body.set("power_level_content_override", v.deepCopy()));
        creationContent.ifPresent(v -> body.set("creation_content", v.deepCopy()));
        return body;
    }

    private static void requireOptional(Optional<?> value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null (use Optional.empty())");
        }
    }

    /** Collects the optional fields of a {@link CreateRoom}; everything is unset until given. */
    public static final class Builder {
        private String aliasLocalpart;
        private String name;
        private String topic;
        private Preset preset;
        private Visibility visibility;
        private final List<MatrixUserId> invitees = new ArrayList<>();
        private boolean isDirect;
        private String roomVersion;
        private final List<InitialState> initialState = new ArrayList<>();
        private ObjectNode powerLevelOverride;
        private ObjectNode creationContent;

        private Builder() {
        }

        public Builder aliasLocalpart(String value) {
            this.aliasLocalpart = value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder topic(String value) {
            this.topic = value;
            return this;
        }

        public Builder preset(Preset value) {
            this.preset = value;
            return this;
        }

        public Builder visibility(Visibility value) {
            this.visibility = value;
            return this;
        }

        public Builder invite(MatrixUserId user) {
            this.invitees.add(user);
            return this;
        }

        public Builder direct(boolean value) {
            this.isDirect = value;
            return this;
        }

        public Builder roomVersion(String value) {
            this.roomVersion = value;
            return this;
        }

        public Builder initialState(String type, String stateKey, ObjectNode content) {
            this.initialState.add(new InitialState(type, stateKey, content));
            return this;
        }

        public Builder powerLevelOverride(ObjectNode value) {
            this.powerLevelOverride = value;
            return this;
        }

        public Builder creationContent(ObjectNode value) {
            this.creationContent = value;
            return this;
        }

        public CreateRoom build() {
            return new CreateRoom(Optional.ofNullable(aliasLocalpart), Optional.ofNullable(name),
                    Optional.ofNullable(topic), Optional.ofNullable(preset), Optional.ofNullable(visibility),
                    invitees, isDirect, Optional.ofNullable(roomVersion), initialState,
                    Optional.ofNullable(powerLevelOverride), Optional.ofNullable(creationContent));
        }
    }
}
