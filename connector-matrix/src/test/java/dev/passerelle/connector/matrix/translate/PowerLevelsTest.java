package dev.passerelle.connector.matrix.translate;

import static dev.passerelle.connector.matrix.translate.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Role;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("feature:power-levels")
@Tag("direction:matrix-to-canonical")
class PowerLevelsTest {
    private static final MatrixUserId CREATOR = MatrixUserId.parse("@creator:example.org");
    private static final MatrixUserId ADMIN = MatrixUserId.parse("@admin:example.org");
    private static final MatrixUserId MOD = MatrixUserId.parse("@mod:example.org");
    private static final MatrixUserId MEMBER = MatrixUserId.parse("@member:example.org");
    private static final MatrixUserId MUTED = MatrixUserId.parse("@muted:example.org");
    private static final MatrixUserId BOT = MatrixUserId.parse("@bridge:example.org");

    private static final ObjectNode CONTENT = obj("{'users':{'@admin:example.org':100,'@mod:example.org':50,"
            + "'@muted:example.org':-1,'@bridge:example.org':50,'not-a-user':100},'users_default':0,"
            + "'events_default':0,'state_default':50,'ban':50,'kick':50,'redact':50,'invite':0,"
            + "'events':{'m.room.name':50,'m.room.power_levels':100,'m.room.avatar':60}}");

    @Test
    void thresholdsGiveRolesAndCreatorsAreOwners() {
        PowerLevels p = PowerLevels.of(CONTENT, Set.of(CREATOR));
        assertThat(p.roleOf(CREATOR)).isEqualTo(Role.OWNER);
        assertThat(p.level(CREATOR)).isEqualTo(Long.MAX_VALUE);
        assertThat(p.roleOf(ADMIN)).isEqualTo(Role.ADMIN);
        assertThat(p.roleOf(MOD)).isEqualTo(Role.MODERATOR);
        assertThat(p.roleOf(MEMBER)).isEqualTo(Role.MEMBER);
        assertThat(p.roleOf(MUTED)).isEqualTo(Role.VISITOR);
        assertThat(p.defaultRole()).isEqualTo(Role.MEMBER);
        assertThat(p.roles()).containsEntry(CREATOR, Role.OWNER).containsEntry(ADMIN, Role.ADMIN)
                .containsEntry(MOD, Role.MODERATOR).containsEntry(MUTED, Role.VISITOR).hasSize(5);
    }

    @Test
    void withoutCreatorsAnOlderRoomsCreatorIsAnAdmin() {
        ObjectNode older = obj("{'users':{'@creator:example.org':100}}");
        assertThat(PowerLevels.of(older, Set.of()).roleOf(CREATOR)).isEqualTo(Role.ADMIN);
        // Room v12 creators are not listed at all and still outrank everyone.
        assertThat(PowerLevels.of(obj("{'users':{}}"), Set.of(CREATOR)).roleOf(CREATOR)).isEqualTo(Role.OWNER);
    }

    @Test
    void specDefaultsApplyToAnEmptyContentAndStringLevelsAreRead() {
        PowerLevels empty = PowerLevels.of(obj("{}"), Set.of());
        assertThat(empty.roleOf(MEMBER)).isEqualTo(Role.MEMBER);
        assertThat(empty.missingPowers(MEMBER, Set.of("m.room.message", "invite"))).isEmpty();
        assertThat(empty.missingPowers(MEMBER, Set.of("m.room.name", "kick", "ban", "redact")))
                .containsExactly("ban", "kick", "m.room.name", "redact");
        PowerLevels strings = PowerLevels.of(obj("{'users':{'@mod:example.org':'50'}}"), Set.of());
        assertThat(strings.roleOf(MOD)).isEqualTo(Role.MODERATOR);
    }

    @Test
    void missingPowersNamesWhatTheBotCannotDo() {
        Set<String> needed = Set.of("m.room.message", "m.reaction", "m.room.name", "m.room.topic",
                "m.room.avatar", "m.room.power_levels", "redact", "kick", "invite");
        assertThat(PowerLevels.missingPowers(CONTENT, BOT, needed))
                .containsExactly("m.room.avatar", "m.room.power_levels");
        assertThat(PowerLevels.of(CONTENT, Set.of(BOT)).missingPowers(BOT, needed)).isEmpty();
        assertThat(PowerLevels.missingPowers(CONTENT, MUTED, Set.of("m.room.message"))).containsExactly(
                "m.room.message");
    }

    @Test
    void rolesWriteBackAsPowerLevelsThatReadTheSame() {
        Map<MatrixUserId, Role> wanted = Map.of(ADMIN, Role.ADMIN, MOD, Role.MODERATOR, MUTED, Role.VISITOR,
                MEMBER, Role.MEMBER, CREATOR, Role.OWNER);
        ObjectNode base = obj("{'users':{'@member:example.org':50,'@creator:example.org':100},"
                + "'events_default':0,'state_default':50}");
        ObjectNode written = PowerLevels.withRoles(base, wanted, Set.of(CREATOR));
        assertThat(written.get("users").has(CREATOR.toString())).isFalse();
        assertThat(written.get("users").has(MEMBER.toString())).isFalse();
        assertThat(written.get("state_default").asInt()).isEqualTo(50);
        PowerLevels back = PowerLevels.of(written, Set.of(CREATOR));
        wanted.forEach((user, role) -> assertThat(back.roleOf(user)).as(user.toString()).isEqualTo(role));
        assertThat(base.get("users").has(MEMBER.toString())).as("the base is not modified").isTrue();
    }

    @Test
    void creatorsComeFromTheCreateEventOfAVersion12Room() {
        ObjectNode v12 = obj("{'type':'m.room.create','sender':'@creator:example.org','state_key':'',"
                + "'content':{'room_version':'12','additional_creators':['@admin:example.org','bad']}}");
        assertThat(PowerLevels.creators(v12)).containsExactlyInAnyOrder(CREATOR, ADMIN);
        ObjectNode v11 = obj("{'type':'m.room.create','sender':'@creator:example.org','state_key':'',"
                + "'content':{'room_version':'11'}}");
        assertThat(PowerLevels.creators(v11)).isEmpty();
        assertThat(PowerLevels.creators(obj("{'sender':'@creator:example.org','content':{}}"))).isEmpty();
    }
}
