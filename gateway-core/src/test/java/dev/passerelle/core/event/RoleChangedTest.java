package dev.passerelle.core.event;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Address;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoleChangedTest {
    private static final Address ALICE = Addresses.parse("matrix:u/alice:example.org");
    private static final Address ROOM = Addresses.parse("matrix:roomid/abcdefgh:example.org");
    private static final Origin ORIGIN = TestEvents.originOf(ALICE);

    @Test
    void memberAndRoleAreRequired() {
        assertThatThrownBy(() -> new RoleChanged(EventId.random(), ORIGIN, ALICE, ROOM, Instant.EPOCH, null,
                Role.ADMIN)).isInstanceOf(IllegalArgumentException.class).hasMessage("member must not be null");
        assertThatThrownBy(() -> new RoleChanged(EventId.random(), ORIGIN, ALICE, ROOM, Instant.EPOCH, ALICE,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessage("role must not be null");
    }

    @Test
    void theRoomIsOnTheOriginNetwork() {
        assertThatThrownBy(() -> new RoleChanged(EventId.random(), ORIGIN, ALICE,
                Addresses.parse("xmpp:garden@conference.example.org"), Instant.EPOCH, ALICE, Role.ADMIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on the origin network");
    }
}
