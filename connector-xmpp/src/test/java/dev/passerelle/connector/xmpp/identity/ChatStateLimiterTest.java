package dev.passerelle.connector.xmpp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;

class ChatStateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ChatStateLimiter limiter = new ChatStateLimiter(clock, Duration.ofSeconds(1), 3);
    private final EntityBareJid bob = JidCreate.entityBareFromOrThrowUnchecked("bob@gw.localhost");
    private final Jid alice = JidCreate.entityBareFromOrThrowUnchecked("alice@localhost");
    private final Jid room = JidCreate.entityBareFromOrThrowUnchecked("room@conference.localhost");

    @Test
    void repeatedComposingIsSentOnce() {
        assertThat(limiter.offer(bob, alice, ChatState.composing)).contains(ChatState.composing);
        clock.advance(Duration.ofSeconds(5));
        assertThat(limiter.offer(bob, alice, ChatState.composing)).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(limiter.offer(bob, alice, ChatState.composing)).isEmpty();
        assertThat(limiter.due()).isEmpty();
    }

    @Test
    void withinTheWindowOnlyTheLatestStateGoesOut() {
        assertThat(limiter.offer(bob, alice, ChatState.composing)).contains(ChatState.composing);
        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.offer(bob, alice, ChatState.paused)).isEmpty();
        assertThat(limiter.offer(bob, alice, ChatState.active)).isEmpty();
        assertThat(limiter.due()).isEmpty();

        clock.advance(Duration.ofMillis(900));
        assertThat(limiter.due()).containsExactly(new ChatStateLimiter.Due(bob, alice, ChatState.active));
        assertThat(limiter.due()).isEmpty();
    }

    @Test
    void returningToTheSentStateCancelsWhatWaited() {
        limiter.offer(bob, alice, ChatState.composing);
        limiter.offer(bob, alice, ChatState.paused);
        limiter.offer(bob, alice, ChatState.composing);
        clock.advance(Duration.ofSeconds(2));
        assertThat(limiter.due()).isEmpty();
        assertThat(limiter.offer(bob, alice, ChatState.paused)).contains(ChatState.paused);
    }

    @Test
    void conversationsAreIndependentAndTheMemoryIsBounded() {
        assertThat(limiter.offer(bob, alice, ChatState.composing)).isPresent();
        assertThat(limiter.offer(bob, room, ChatState.composing)).isPresent();
        for (int i = 0; i < 5; i++) {
            limiter.offer(bob, JidCreate.entityBareFromOrThrowUnchecked("u" + i + "@localhost"), ChatState.composing);
        }
        assertThat(limiter.size()).isEqualTo(3);
        // alice's entry was forgotten: her next composing is news again.
        assertThat(limiter.offer(bob, alice, ChatState.composing)).contains(ChatState.composing);
    }

    @Test
    void longIdleConversationsAreForgotten() {
        limiter.offer(bob, alice, ChatState.composing);
        clock.advance(Duration.ofSeconds(31));
        List<ChatStateLimiter.Due> due = limiter.due();
        assertThat(due).isEmpty();
        assertThat(limiter.size()).isZero();
        assertThat(limiter.offer(bob, alice, ChatState.composing)).contains(ChatState.composing);
    }
}
