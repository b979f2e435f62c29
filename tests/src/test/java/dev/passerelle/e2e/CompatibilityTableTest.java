package dev.passerelle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendering of docs/compatibility.md and the check of a committed copy against results. */
class CompatibilityTableTest {

    private static final CompatibilityResult REPLY_PROSODY = new CompatibilityResult(Feature.REPLY, Side.XMPP,
            Side.MATRIX, "prosody", Outcome.NATIVE, "XEP-0461 becomes m.in_reply_to");
    private static final CompatibilityResult REPLY_EJABBERD = new CompatibilityResult(Feature.REPLY, Side.XMPP,
            Side.MATRIX, "ejabberd", Outcome.FALLBACK, "a quote");

    @Test
    void rendersEachCellAndNamesTheServersWhereTheyDiffer() {
        String doc = new CompatibilityTable(List.of(REPLY_PROSODY, REPLY_EJABBERD)).render();
        assertThat(doc).contains("| Reply | prosody: native, ejabberd: fallback | - |")
                .contains("| Reply | xmpp → matrix | native | fallback | prosody: XEP-0461 becomes m.in_reply_to; "
                        + "ejabberd: a quote |")
                .contains("| Text | - | - | - | - | - | - |");
    }

    @Test
    void aDocumentAgreesWithTheResultsItWasRenderedFromAndNotWithOthers() {
        String doc = new CompatibilityTable(List.of(REPLY_PROSODY, REPLY_EJABBERD)).render();
        assertThat(new CompatibilityTable(List.of(REPLY_PROSODY)).disagreements(doc)).isEmpty();
        CompatibilityResult changed = new CompatibilityResult(Feature.REPLY, Side.XMPP, Side.MATRIX, "prosody",
                Outcome.NOT_CARRIED, "XEP-0461 becomes m.in_reply_to");
        assertThat(new CompatibilityTable(List.of(changed)).disagreements(doc))
                .containsExactly("Reply xmpp-matrix on prosody: the document says native, the test found not carried");
        CompatibilityResult missing = new CompatibilityResult(Feature.EDIT, Side.MIMI, Side.XMPP, "prosody",
                Outcome.NATIVE, "replaces");
        assertThat(new CompatibilityTable(List.of(missing)).disagreements(doc)).hasSize(1);
    }

    @Test
    void theFullMatrixHasNoMissingCellOnlyWhenEveryCellHasAResult() {
        assertThat(new CompatibilityTable(List.of(REPLY_PROSODY), List.of("prosody", "ejabberd")).missingCells())
                .hasSize(Feature.values().length * 6 * 2 - 1).doesNotContain("reply xmpp-matrix prosody");
    }

    @Test
    void resultsSurviveTheirFiles(@TempDir Path dir) {
        REPLY_PROSODY.write(dir);
        REPLY_EJABBERD.write(dir);
        assertThat(CompatibilityResult.readAll(dir)).containsExactlyInAnyOrder(REPLY_PROSODY, REPLY_EJABBERD);
    }

    @Test
    void aResultIsRefusedWhenItCouldNotBeRendered() {
        assertThatThrownBy(() -> new CompatibilityResult(Feature.TEXT, Side.XMPP, Side.XMPP, "prosody",
                Outcome.NATIVE, "n")).hasMessageContaining("two different networks");
        assertThatThrownBy(() -> new CompatibilityResult(Feature.TEXT, Side.XMPP, Side.MIMI, "prosody",
                Outcome.NATIVE, "a | b")).hasMessageContaining("one line without '|'");
    }
}
