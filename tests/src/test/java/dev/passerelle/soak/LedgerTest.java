package dev.passerelle.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.e2e.Side;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private final Ledger ledger = new Ledger();

    private Ledger.Item send(Side from, Kind kind, Integer target) {
        Ledger.Item item = new Ledger.Item(ledger.nextNumber(), from, kind);
        ledger.sent(item, Optional.ofNullable(target));
        return item;
    }

    @Test
    void tagsAreFoundInTextAndFileNames() {
        assertThat(Ledger.tags("> soak-000001 text\nsoak-000042 reply")).containsExactly(1, 42);
        assertThat(Ledger.tags("https://files.example/x/soak-000007.png")).containsExactly(7);
        assertThat(Ledger.tags(null)).isEmpty();
        assertThat(Ledger.tag(42)).isEqualTo("soak-000042");
    }

    @Test
    void aMessageCountsPerDirectionOnlyWhereItArrivedInItsOwnForm() {
        Ledger.Item text = send(Side.XMPP, Kind.TEXT, null);
        Ledger.Item edit = send(Side.XMPP, Kind.EDIT, null);

        ledger.arrived(Side.MATRIX, text.number(), Kind.TEXT);
        ledger.arrived(Side.MIMI, text.number(), Kind.TEXT);
        ledger.arrived(Side.MATRIX, edit.number(), Kind.EDIT);
        ledger.arrived(Side.MIMI, edit.number(), Kind.TEXT);
        ledger.arrived(Side.XMPP, text.number(), Kind.TEXT);

        assertThat(ledger.direction(Side.XMPP, Side.MATRIX)).isEqualTo(new Ledger.Count(2, 2, 0));
        assertThat(ledger.direction(Side.XMPP, Side.MIMI)).isEqualTo(new Ledger.Count(2, 1, 1));
        assertThat(ledger.direction(Side.XMPP, Side.MIMI).lost()).isZero();
        assertThat(ledger.direction(Side.XMPP, Side.MIMI, Kind.EDIT)).isEqualTo(new Ledger.Count(1, 0, 1));
        assertThat(ledger.direction(Side.MATRIX, Side.XMPP)).isEqualTo(new Ledger.Count(0, 0, 0));
        assertThat(ledger.arrivedEverywhere(text.number())).isTrue();
        assertThat(ledger.arrivedEverywhere(edit.number())).isFalse();
        assertThat(ledger.missing(Side.MIMI, 5))
                .containsExactly(edit.tag() + " (edit from xmpp, arrived in another form)");
        assertThat(ledger.total()).isEqualTo(new Ledger.Count(4, 3, 1));
    }

    @Test
    void aReactionIsKnownByTheMessageItReactsTo() {
        Ledger.Item text = send(Side.MATRIX, Kind.TEXT, null);
        Ledger.Item reaction = send(Side.MATRIX, Kind.REACTION, text.number());

        ledger.reactionArrived(Side.XMPP, text.number());

        assertThat(ledger.kind(Kind.REACTION)).isEqualTo(new Ledger.Count(2, 1, 0));
        assertThat(ledger.kind(Kind.REACTION).lost()).isEqualTo(1);
        assertThat(ledger.missing(Side.MIMI, 5)).contains(reaction.tag() + " (reaction from matrix)");
        assertThatThrownBy(() -> send(Side.MATRIX, Kind.REACTION, text.number()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> send(Side.MATRIX, Kind.REACTION, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
