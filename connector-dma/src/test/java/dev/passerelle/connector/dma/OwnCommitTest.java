package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.event.MessageSent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A commit of one of our members in a room we host moves the room and our members to the next epoch in one store
 * commit: when our members' states cannot be written, the room stays in their epoch and goes on working, instead of
 * moving on without them (their messages then refused by our own hub as too old, for good, as after a crash between
 * the two writes).
 */
@Tag("feature:mimi-epoch")
@Tag("direction:xmpp-to-mimi")
class OwnCommitTest extends LinkedProviders {

    @Test
    void aCommitWhoseMemberStatesCannotBeWrittenLeavesTheRoomInOurMembersEpoch() {
        createSharedRoom();
        Jid nurse = a.user("nurse");
        Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(nurse)));
        long before = epochAtA(juliet);
        assertThat(epochAtA(nurse)).isEqualTo(before);

        RefusedStateWrites.refuse(a.storeConfig, "dma/member/");
        try {
            assertThatThrownBy(() -> Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(a.user("doctor")))))
                    .hasMessageContaining("refuses writes");
        } finally {
            RefusedStateWrites.allow();
        }

        // What a restart reads: our members are where they were, and so is the room.
        assertThat(epochAtA(juliet)).isEqualTo(before);
        assertThat(epochAtA(nurse)).isEqualTo(before);
        a.say(nurse, TwoProvidersTest.text("after the refused commit"));
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("after the refused commit"));
        assertThat(atB.sender()).isEqualTo(a.ghost(nurse));

        // The same change, tried again once the store takes writes, goes through for everyone.
        Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(a.user("doctor"))));
        assertThat(epochAtA(juliet)).isEqualTo(before + 1);
        assertThat(epochAtA(nurse)).isEqualTo(before + 1);
        a.say(juliet, TwoProvidersTest.text("in the next epoch"));
        b.receives(MessageSent.class, m -> m.content().text().equals("in the next epoch"));
    }

    /** The epoch of our user's member state as the store has it (a new reader, as after a restart). */
    private long epochAtA(Jid user) {
        return new MemberStates(a.store.state(), "dma").load(room.toUri(), a.ghost(user).toUri()).orElseThrow()
                .epochNumber();
    }
}
