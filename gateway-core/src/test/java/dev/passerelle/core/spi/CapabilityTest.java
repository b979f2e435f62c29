package dev.passerelle.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.TestEvents;
import org.junit.jupiter.api.Test;

class CapabilityTest {
    private static final Address ALICE = Addresses.parse("xmpp:alice@example.org");
    private static final Address ROOM = Addresses.parse("xmpp:garden@conference.example.org");

    @Test
    void roleChangesTravelWithMembership() {
        assertThat(Capability.neededBy(TestEvents.role(ALICE, ROOM, ALICE, Role.MODERATOR)))
                .contains(Capability.MEMBERSHIP);
        assertThat(Capability.neededBy(TestEvents.join(ALICE, ROOM))).contains(Capability.MEMBERSHIP);
        assertThat(Capability.neededBy(TestEvents.message(ALICE, ROOM, "hi"))).isEmpty();
    }
}
