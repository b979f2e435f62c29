package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Passerelle instances on loopback, a.test and b.test, each with its router, H2 store, MIMI connector and a test
 * XMPP network: the MIMI room standing for a.test's XMPP room is hosted by a.test, and b.test's XMPP room is linked
 * to it. Every event goes the whole way: XMPP side of one instance, its router, its MIMI connector, the hub, the other
 * provider, its router, its XMPP side.
 */
@Tag("direction:xmpp-to-mimi")
@Tag("direction:mimi-to-xmpp")
class TwoProvidersTest extends LinkedProviders {

    @BeforeEach
    void shareRoom() {
        createSharedRoom();
    }

    static MessageContent text(String text) {
        return new MessageContent(text, Optional.empty(), List.of(), Optional.empty());
    }

    static MessageContent reply(String text, EventId to) {
        return new MessageContent(text, Optional.empty(), List.of(), Optional.of(to));
    }

    /** Juliet on a.test says {@code text}; gives the event b.test's XMPP side received. */
    MessageSent fromA(String text) {
        a.say(juliet, text(text));
        return b.receives(MessageSent.class, m -> m.content().text().equals(text));
    }

    MessageSent fromB(String text) {
        b.say(romeo, text(text));
        return a.receives(MessageSent.class, m -> m.content().text().equals(text));
    }

    @Test
    @Tag("feature:text")
    void textBothWaysWithTheGhostsAsSenders() {
        MessageSent atB = fromA("hello from a");
        assertThat(atB.sender()).isEqualTo(a.ghost(juliet));
        assertThat(atB.conversation()).isEqualTo(room);
        assertThat(b.xmpp.sent().get(0).delivery().target()).isEqualTo(b.xmppRoom);
        MessageSent atA = fromB("hello from b");
        assertThat(atA.sender()).isEqualTo(b.ghost(romeo));
        assertThat(a.received(MessageSent.class, m -> true)).hasSize(1);
        assertThat(b.received(MessageSent.class, m -> true)).hasSize(1);
    }

    @Test
    @Tag("feature:reply")
    void replyBothWays() {
        MessageSent first = a.say(juliet, text("first"));
        MessageSent firstAtB = b.receives(MessageSent.class, m -> m.content().text().equals("first"));
        b.say(romeo, reply("answer", firstAtB.id()));
        MessageSent answerAtA = a.receives(MessageSent.class, m -> m.content().text().equals("answer"));
        assertThat(answerAtA.content().replyTo()).contains(first.id());
        MessageSent answerAtB = b.xmpp.sent().stream().map(s -> s.delivery().event())
                .filter(MessageSent.class::isInstance).map(MessageSent.class::cast)
                .filter(m -> m.content().text().equals("first")).findFirst().orElseThrow();
        a.say(juliet, reply("and back", answerAtA.id()));
        MessageSent backAtB = b.receives(MessageSent.class, m -> m.content().text().equals("and back"));
        assertThat(backAtB.content().replyTo()).isPresent();
        assertThat(answerAtB.id()).isEqualTo(firstAtB.id());
    }

    @Test
    @Tag("feature:edit")
    void editBothWays() {
        MessageSent original = a.say(juliet, text("helo"));
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("helo"));
        a.inject(new MessageEdited(EventId.random(), Gateway.origin(), juliet, a.xmppRoom, Instant.now(),
                original.id(), text("hello")));
        MessageEdited editAtB = b.receives(MessageEdited.class, e -> true);
        assertThat(editAtB.target()).isEqualTo(atB.id());
        assertThat(editAtB.newContent().text()).isEqualTo("hello");

        MessageSent fromRomeo = b.say(romeo, text("wrold"));
        MessageSent atA = a.receives(MessageSent.class, m -> m.content().text().equals("wrold"));
        b.inject(new MessageEdited(EventId.random(), Gateway.origin(), romeo, b.xmppRoom, Instant.now(),
                fromRomeo.id(), text("world")));
        MessageEdited editAtA = a.receives(MessageEdited.class, e -> true);
        assertThat(editAtA.target()).isEqualTo(atA.id());
        assertThat(editAtA.newContent().text()).isEqualTo("world");
    }

    @Test
    @Tag("feature:reaction")
    void reactionAddedAndRemovedBothWays() {
        MessageSent original = a.say(juliet, text("react to me"));
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("react to me"));
        ReactionAdded romeoLikes = new ReactionAdded(EventId.random(), Gateway.origin(), romeo, b.xmppRoom,
                Instant.now(), atB.id(), "👍");
        b.inject(romeoLikes);
        ReactionAdded likeAtA = a.receives(ReactionAdded.class, r -> true);
        assertThat(likeAtA.target()).isEqualTo(original.id());
        assertThat(likeAtA.key()).isEqualTo("👍");
        b.inject(new ReactionRemoved(EventId.random(), Gateway.origin(), romeo, b.xmppRoom, Instant.now(),
                atB.id(), romeoLikes.id(), "👍"));
        ReactionRemoved unlikeAtA = a.receives(ReactionRemoved.class, r -> true);
        assertThat(unlikeAtA.reaction()).isEqualTo(likeAtA.id());
        assertThat(unlikeAtA.key()).isEqualTo("👍");

        ReactionAdded julietLikes = new ReactionAdded(EventId.random(), Gateway.origin(), juliet, a.xmppRoom,
                Instant.now(), original.id(), "❤");
        a.inject(julietLikes);
        ReactionAdded likeAtB = b.receives(ReactionAdded.class, r -> true);
        assertThat(likeAtB.target()).isEqualTo(atB.id());
        a.inject(new ReactionRemoved(EventId.random(), Gateway.origin(), juliet, a.xmppRoom, Instant.now(),
                original.id(), julietLikes.id(), "❤"));
        ReactionRemoved unlikeAtB = b.receives(ReactionRemoved.class, r -> true);
        assertThat(unlikeAtB.reaction()).isEqualTo(likeAtB.id());
        assertThat(unlikeAtB.target()).isEqualTo(atB.id());
    }

    @Test
    @Tag("feature:retraction")
    void deleteBothWays() {
        MessageSent original = a.say(juliet, text("oops"));
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("oops"));
        a.inject(new MessageRetracted(EventId.random(), Gateway.origin(), juliet, a.xmppRoom, Instant.now(),
                original.id(), Optional.empty()));
        assertThat(b.receives(MessageRetracted.class, r -> true).target()).isEqualTo(atB.id());

        MessageSent fromRomeo = b.say(romeo, text("mistake"));
        MessageSent atA = a.receives(MessageSent.class, m -> m.content().text().equals("mistake"));
        b.inject(new MessageRetracted(EventId.random(), Gateway.origin(), romeo, b.xmppRoom, Instant.now(),
                fromRomeo.id(), Optional.empty()));
        assertThat(a.receives(MessageRetracted.class, r -> true).target()).isEqualTo(atA.id());
    }

    @Test
    @Tag("feature:attachment")
    void attachmentBothWays() {
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        Attachment cat = new Attachment(URI.create("https://media.a.example/cat.png"), "image/png", OptionalLong.of(4),
                Optional.of("cat.png"), OptionalInt.empty(), OptionalInt.empty(), Optional.of(hash));
        a.say(juliet, new MessageContent("a cat", Optional.empty(), List.of(cat), Optional.empty()));
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("a cat"));
        assertThat(atB.content().attachments()).hasSize(1);
        Attachment received = atB.content().attachments().get(0);
        assertThat(received.uri()).isEqualTo(cat.uri());
        assertThat(received.mediaType()).isEqualTo("image/png");
        assertThat(received.name()).contains("cat.png");
        assertThat(received.sha256()).contains(hash);

        Attachment dog = Attachment.of(URI.create("https://media.b.example/dog.jpg"), "image/jpeg");
        b.say(romeo, new MessageContent("", Optional.empty(), List.of(dog), Optional.empty()));
        MessageSent atA = a.receives(MessageSent.class, m -> !m.content().attachments().isEmpty());
        assertThat(atA.content().attachments().get(0).uri()).isEqualTo(dog.uri());
        assertThat(atA.content().attachments().get(0).mediaType()).isEqualTo("image/jpeg");
    }

    @Test
    @Tag("feature:outage")
    void aFollowerDownForAWhileLosesNothingAndGetsEachMessageOnceInOrder() {
        fromA("before");
        Gateway.join(b.dma.stop());
        for (String text : List.of("one", "two", "three")) {
            a.say(juliet, text(text));
        }
        // b.test stays down for 30 s, the outage the issue names (the fan-out retries every 0.5 s at most, so the
        // hub fails many times); -Dpasserelle.test.mimi-outage=PT3S shortens it for a quicker local run, which
        // takes the same path with fewer retries.
        Duration outage = Duration.parse(System.getProperty("passerelle.test.mimi-outage", "PT30S"));
        await().pollDelay(outage).atMost(outage.plusSeconds(10)).until(() -> true);
        assertThat(b.received(MessageSent.class, m -> List.of("one", "two", "three").contains(m.content().text())))
                .isEmpty();
        // The hub shows the outage in its health, and stays ready: its other peers are served.
        assertThat(a.dma.health().ready()).isTrue();
        assertThat(a.dma.health().detail()).hasValueSatisfying(d -> assertThat(d).contains("peer b.test unreachable"));
        b.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> b.received(MessageSent.class, m -> true).size() == 4);
        assertThat(a.dma.health().detail()).isEmpty();
        assertThat(b.received(MessageSent.class, m -> true)).extracting(m -> m.content().text())
                .containsExactly("before", "one", "two", "three");
        fromB("and b is back");
    }
}
