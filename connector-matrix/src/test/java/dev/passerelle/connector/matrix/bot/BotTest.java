package dev.passerelle.connector.matrix.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.GatewayException.Reason;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("feature:bot")
class BotTest {
    private static final MatrixUserId BOT = MatrixUserId.parse("@passerelle:example.com");
    private static final MatrixUserId ALICE = MatrixUserId.parse("@alice:example.com");
    private static final MatrixRoomId ROOM = MatrixRoomId.parse("!room:example.com");
    private static final Jid MUC = Jid.of("room", "conference.example.org");

    private final FakeBotActions actions = new FakeBotActions();
    private final Bot bot = new Bot(actions, BOT, Optional.of("Passerelle"));

    /** The fake completes every future at once, so the answer is there when handle returns. */
    private Optional<Reply> handle(String body, boolean directChat) {
        Future<Optional<Reply>> answer = bot.handle(ALICE, ROOM, body, directChat);
        assertThat(answer.succeeded()).as("the bot's future never fails").isTrue();
        return answer.result();
    }

    private String reply(String body) {
        Optional<Reply> reply = handle(body, false);
        assertThat(reply).isPresent();
        return reply.get().text();
    }

    @Test
    void messagesNotForTheBotGetNoAnswerAndRunNothing() {
        assertThat(handle("link room@conference.example.org", false)).isEmpty();
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void helpListsEveryCommandInTextAndHtml() {
        Reply help = handle("help", true).orElseThrow();
        assertThat(help.text()).startsWith(BotText.HELP_INTRO);
        for (String usage : List.of("help", "dm <address>", "link <room address>", "unlink", "status")) {
            assertThat(help.text()).contains("\n- " + usage + ": ");
            assertThat(help.html().orElseThrow()).contains("<li><code>" + BotText.escape(usage) + "</code>: ");
        }
        assertThat(help.html().orElseThrow()).contains("<code>dm &lt;address&gt;</code>").doesNotContain("<address>");
    }

    @Test
    void invalidCommandsAreAnsweredWithTheReason() {
        assertThat(reply("Passerelle: lnk x@y")).isEqualTo("unknown command 'lnk'; try help");
        assertThat(reply("!passerelle dm @bob:example.com")).contains("is on Matrix already");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void dmOpensARoomWithTheTarget() {
        assertThat(reply("!passerelle dm alice@example.org")).isEqualTo("I opened a DM with xmpp:alice@example.org"
                + " (room !dm:example.com): accept the invitation to start talking.");
        assertThat(actions.calls).containsExactly("openDm @alice:example.com xmpp:alice@example.org");
    }

    @Test
    void linkIsForRoomAdminsOnly() {
        actions.power.put(ALICE, 50);
        assertThat(reply("!passerelle link room@conference.example.org"))
                .isEqualTo("Only room admins can link this room (your power level: 50, needed: 100).");
        assertThat(reply("!passerelle unlink"))
                .isEqualTo("Only room admins can unlink this room (your power level: 50, needed: 100).");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void anAdminLinksTheRoom() {
        actions.power.put(ALICE, 100);
        assertThat(reply("!passerelle link room@conference.example.org"))
                .isEqualTo("This room is now bridged to xmpp:room@conference.example.org.");
        assertThat(actions.calls)
                .containsExactly("link @alice:example.com !room:example.com xmpp:room@conference.example.org");
    }

    @Test
    void aRoomCreatorIsAnAdmin() {
        actions.power.put(ALICE, Integer.MAX_VALUE);
        assertThat(reply("!passerelle unlink")).isEqualTo("This room is no longer bridged.");
        actions.unlinkResult = Future.succeededFuture(false);
        assertThat(reply("!passerelle unlink")).isEqualTo("This room is not bridged, so there is nothing to unlink.");
    }

    @Test
    void everyLinkOutcomeIsWorded() {
        actions.power.put(ALICE, 100);
        MimiRoomUri team = new MimiRoomUri("provider.example", "team");
        actions.linkResult = Future.succeededFuture(new LinkOutcome(LinkOutcome.State.ALREADY_LINKED, team,
                Optional.empty()));
        assertThat(reply("!passerelle link mimi://provider.example/r/team"))
                .isEqualTo("This room was already bridged to mimi://provider.example/r/team.");
        actions.linkResult = Future.succeededFuture(new LinkOutcome(LinkOutcome.State.PENDING, team,
                Optional.of("waiting for the room's owner to admit the gateway")));
        assertThat(reply("!passerelle link mimi://provider.example/r/team")).isEqualTo("Bridging this room to"
                + " mimi://provider.example/r/team: waiting for the room's owner to admit the gateway.");
    }

    @Test
    void encryptedRoomsAreRefused() {
        actions.power.put(ALICE, 100);
        actions.encrypted = true;
        assertThat(reply("!passerelle link room@conference.example.org"))
                .isEqualTo("This room is encrypted; Passerelle cannot read it yet, so it will not bridge it.");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void missingPowersAreNamedBeforeLinking() {
        actions.power.put(ALICE, 100);
        actions.missing = new LinkedHashSet<>(List.of("kick", "invite"));
        assertThat(reply("!passerelle link room@conference.example.org"))
                .isEqualTo("I need: invite, kick; ask an admin to raise my power level to 100, then try again.");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void actionFailuresBecomeShortReplies() {
        actions.power.put(ALICE, 100);
        actions.linkResult = Future.failedFuture(new GatewayException(Reason.NOT_FOUND,
                "room@conference.example.org does not exist"));
        assertThat(reply("!passerelle link room@conference.example.org")).isEqualTo("Could not bridge this room to"
                + " xmpp:room@conference.example.org: room@conference.example.org does not exist.");
        actions.dmResult = Future.failedFuture(GatewayException.retryAfter(Duration.ofSeconds(3),
                "the homeserver is busy"));
        assertThat(reply("!passerelle dm alice@example.org"))
                .isEqualTo("Could not open a DM with xmpp:alice@example.org: the homeserver is busy; try again later.");
        actions.powerFailure = Future.failedFuture(new IllegalStateException("boom"));
        assertThat(reply("!passerelle unlink")).isEqualTo("Could not unlink this room: an unexpected error"
                + " (IllegalStateException); the gateway's operator can find it in the log.");
        actions.statusResult = Future.failedFuture(new GatewayException(Reason.AUTH, ""));
        assertThat(reply("!passerelle status")).isEqualTo("Could not get the status: auth.");
    }

    @Test
    void statusShowsHealthLinkAndCounts() {
        assertThat(reply("!passerelle status")).isEqualTo("Passerelle status\n- matrix: up\nThis room is not bridged.");
        actions.statusResult = Future.succeededFuture(new StatusReport(List.of("matrix: up", "xmpp: down (timeout)"),
                Optional.of(MUC), List.of(new MimiRoomUri("provider.example", "team")), OptionalLong.of(3),
                OptionalLong.of(0)));
        assertThat(reply("!passerelle status")).isEqualTo("Passerelle status\n- matrix: up\n- xmpp: down (timeout)\n"
                + "This room is bridged to xmpp:room@conference.example.org."
                + " Also bridged with it: mimi://provider.example/r/team.\n"
                + "Deliveries waiting: 3; dead letters: 0.");
        actions.statusResult = Future.succeededFuture(new StatusReport(List.of(), Optional.of(MUC), List.of(),
                OptionalLong.empty(), OptionalLong.of(2)));
        assertThat(reply("!passerelle status"))
                .endsWith("bridged to xmpp:room@conference.example.org.\nDead letters: 2.");
    }

    @Test
    void valuesRefuseNonsense() {
        assertThatThrownBy(() -> new LinkOutcome(LinkOutcome.State.PENDING, MUC,
                Optional.empty())).hasMessageContaining("pending link needs a detail");
        assertThatThrownBy(() -> new StatusReport(List.of(), Optional.empty(),
                List.of(MUC), OptionalLong.empty(), OptionalLong.empty())).hasMessageContaining("not linked");
        assertThatThrownBy(() -> new StatusReport(List.of(), Optional.empty(),
                List.of(), OptionalLong.of(-1), OptionalLong.empty())).hasMessageContaining("pendingDeliveries");
        assertThatThrownBy(() -> Reply.plain(" ")).hasMessageContaining("needs a text");
    }
}
