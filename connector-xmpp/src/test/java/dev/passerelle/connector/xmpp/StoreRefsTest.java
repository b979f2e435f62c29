package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.translate.XmppIds;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.store.EventRecords;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.StateWrite;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the XMPP connector keeps about a message (the sender's message id, the text replies quote) leaves as records
 * for the journal's transaction, and is answered from memory until that commit: a correction sent right after its
 * message, or a reply quoting it, still finds it.
 */
class StoreRefsTest {
    private static final Address ROOM = Jid.of("lobby", "conference.localhost");
    private static final Address ALICE = Jid.of("alice", "localhost");

    private final JdbcStore store = JdbcStore.open(JdbcStoreConfig.h2Memory("refs-" + UUID.randomUUID()),
            new SimpleMeterRegistry());
    private final StoreRefs refs = new StoreRefs(store.messages(), store.state(), "xmpp");

    @AfterEach
    void close() {
        store.close();
    }

    private static MessageSent message(String text) {
        return new MessageSent(EventId.random(), new Origin(Network.XMPP, new NativeId("o-" + UUID.randomUUID())),
                ALICE, ROOM, Instant.now(), MessageContent.text(text));
    }

    @Test
    void aMessageLeavesItsAliasAndTextAsRecordsWithoutWritingThem() {
        MessageSent m = message("hello there");

        EventRecords records = refs.records(m, Optional.of("m-1"));

        NativeId alias = XmppIds.nativeId(ROOM, StoreRefs.ALIAS + "m-1");
        assertThat(records.aliases()).containsExactly(new NativeRef(Network.XMPP, ROOM, alias));
        assertThat(records.state()).containsExactly(new StateWrite("xmpp", "text/" + m.id(),
                "hello there".getBytes(StandardCharsets.UTF_8)));
        // Nothing is in the store yet: the journal writes these with the event.
        assertThat(store.messages().find(Network.XMPP, alias)).isEmpty();
        assertThat(store.state().get("xmpp", "text/" + m.id())).isEmpty();
    }

    @Test
    void aCorrectionOrAReplyRightAfterItsMessageFindsItBeforeTheJournalCommits() {
        MessageSent m = message("first words");
        refs.records(m, Optional.of("m-2"));

        assertThat(refs.corrected(ROOM, "m-2")).contains(m.id());
        assertThat(refs.canonical(ROOM, "m-2")).contains(m.id());
        assertThat(refs.messageId(m.id(), ROOM)).contains("m-2");
        assertThat(refs.text(m.id())).contains("first words");
        assertThat(refs.corrected(Jid.of("other", "conference.localhost"), "m-2")).isEmpty();
    }

    @Test
    void aMessageSeenAgainIsFoundAsTheFirstCopyTheStoreKeeps() {
        MessageSent first = message("once");
        store.messages().put(first.id(), new NativeRef(Network.XMPP, ROOM,
                XmppIds.nativeId(ROOM, StoreRefs.ALIAS + "m-3")));
        // The room's archive replays the message: translated again under a new event id, dropped by the journal.
        MessageSent replayed = message("once");
        refs.records(replayed, Optional.of("m-3"));

        assertThat(refs.corrected(ROOM, "m-3")).contains(first.id());
    }

    @Test
    void anEditKeepsItsNewTextUnderTheMessageItReplaces() {
        MessageSent m = message("typo");
        refs.records(m, Optional.empty());
        MessageEdited edit = new MessageEdited(EventId.random(), m.origin(), ALICE, ROOM, Instant.now(), m.id(),
                MessageContent.text("fixed"));

        EventRecords records = refs.records(edit, Optional.empty());

        assertThat(records.aliases()).isEmpty();
        assertThat(records.state()).extracting(StateWrite::key).containsExactly("text/" + m.id());
        assertThat(refs.text(m.id())).contains("fixed");
    }

    @Test
    void longTextsAreCutToWhatAReplyQuotes() {
        MessageSent m = message("x".repeat(1000));

        StateWrite write = refs.textWrite(m).orElseThrow();

        assertThat(write.value()).hasSize(400);
    }

    @Test
    void onlyReactionsAreWrittenDirectly() {
        MessageSent m = message("hi");
        ReactionAdded reaction = new ReactionAdded(EventId.random(), m.origin(), ALICE, ROOM, Instant.now(), m.id(),
                "+1");

        assertThat(StoreRefs.remembers(m)).isFalse();
        assertThat(StoreRefs.remembers(reaction)).isTrue();
        assertThat(refs.records(reaction, Optional.empty())).isEqualTo(EventRecords.NONE);
        refs.remember(reaction);
        assertThat(refs.reactions(m.id(), ALICE)).containsEntry("+1", reaction.id());
    }
}
