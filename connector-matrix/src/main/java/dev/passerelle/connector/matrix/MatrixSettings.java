package dev.passerelle.connector.matrix;

import dev.passerelle.connector.matrix.appservice.AppServiceSettings;
import dev.passerelle.connector.matrix.client.ClientSettings;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostSpaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Matrix connector's whole config section, read once and validated: how the homeserver is reached
 * ({@link ClientSettings}), where the appservice endpoint listens ({@link AppServiceSettings}), and the
 * connector's own keys:
 * <ul>
 *   <li>{@code registration-id}: the registration's {@code id}, default {@code passerelle}; used for the ping;</li>
 *   <li>{@code bot-localpart}: the bot's localpart, default {@code <ghost prefix>bot}, the
 *       {@code sender_localpart} that {@code generate-registration} writes;</li>
 *   <li>{@code room-version}: the version of the rooms the gateway creates (portals, DMs), default {@code 12}.</li>
 * </ul>
 */
public record MatrixSettings(ClientSettings client, AppServiceSettings appService, String registrationId,
        String botLocalpart, String roomVersion) {

    public static final String DEFAULT_REGISTRATION_ID = "passerelle";
    public static final String DEFAULT_ROOM_VERSION = "12";

    /** The connector's own keys, besides those of {@link ClientSettings} and {@link AppServiceSettings}. */
    static final List<String> OWN_KEYS = List.of("registration-id", "bot-localpart", "room-version");
    static final List<String> CLIENT_KEYS = List.of("homeserver-url", "as-token", "max-connections", "call-timeout",
            "max-response-size");

    public MatrixSettings {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(appService, "appService");
        if (registrationId == null || registrationId.isBlank()) {
            throw new IllegalArgumentException("registration id must not be empty");
        }
        if (botLocalpart == null || botLocalpart.isBlank()) {
            throw new IllegalArgumentException("bot localpart must not be empty");
        }
        if (roomVersion == null || !roomVersion.matches("[0-9a-z.-]{1,32}")) {
            throw new IllegalArgumentException("room version must be 1 to 32 of [0-9a-z.-], was " + roomVersion);
        }
    }

    /** Every key the section may hold. */
    static List<String> keys() {
        List<String> all = new ArrayList<>(CLIENT_KEYS);
        all.addAll(AppServiceSettings.KEYS);
        all.addAll(OWN_KEYS);
        return all;
    }

    /**
     * Reads the section; {@code spaces} gives the server name and ghost prefix the bot's default name uses.
     *
     * @throws dev.passerelle.core.config.ConfigException naming the first bad or unknown key
     */
    public static MatrixSettings from(ConfigSection section, GhostSpaces spaces) {
        section.allowOnly(keys());
        ClientSettings client = ClientSettings.from(section);
        AppServiceSettings appService = AppServiceSettings.from(section);
        String id = section.optString("registration-id", DEFAULT_REGISTRATION_ID);
        if (id.isBlank()) {
            throw section.error("registration-id", "must not be empty");
        }
        String bot = section.optString("bot-localpart", spaces.matrixPrefix() + "bot");
        try {
            new MatrixUserId(bot, spaces.matrixServer());
        } catch (IllegalArgumentException e) {
            throw section.error("bot-localpart", "is not a valid Matrix localpart: " + e.getMessage());
        }
        if (!bot.startsWith(spaces.matrixPrefix())) {
            throw section.error("bot-localpart", "must start with the ghost prefix '" + spaces.matrixPrefix()
                    + "' so that it lies in the registration's user namespace");
        }
        String version = section.optString("room-version", DEFAULT_ROOM_VERSION);
        if (!version.matches("[0-9a-z.-]{1,32}")) {
            throw section.error("room-version", "must be a room version such as 12, was '" + version + "'");
        }
        return new MatrixSettings(client, appService, id, bot, version);
    }
}
