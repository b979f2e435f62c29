package dev.passerelle.connector.matrix.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.testing.Above;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The user documentation, docs/connectors/matrix.md, says what the bot does, in its own words. */
@Tag("feature:bot")
class BotDocsTest {
    private static final MatrixUserId BOT = MatrixUserId.parse("@_passerelle_bot:example.com");
    private static final MatrixUserId ALICE = MatrixUserId.parse("@alice:example.com");
    private static final MatrixRoomId ROOM = MatrixRoomId.parse("!room:example.com");

    private static String docs() throws IOException {
        Path file = Above.directory(Path.of("docs/connectors"), "the connector documentation").resolve("matrix.md");
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String reply(FakeBotActions actions, String body) {
        Future<Optional<Reply>> answer = new Bot(actions, BOT).handle(ALICE, ROOM, body, true);
        return answer.result().orElseThrow().text();
    }

    @Test
    void theHelpTextIsQuotedInFull() throws IOException {
        String help = BotText.help().text();
        assertThat(docs()).contains("```\n" + help + "\n```");
    }

    @Test
    void everyCommandIsDescribed() throws IOException {
        String docs = docs();
        for (String line : BotText.COMMANDS) {
            String usage = line.substring(0, line.indexOf(": "));
            assertThat(docs).contains("- **`" + usage + "`** ");
            assertThat(BotText.help().text()).contains("- " + usage + ": ");
        }
        assertThat(BotText.COMMANDS).hasSize(Command.class.getPermittedSubclasses().length);
    }

    @Test
    void theQuotedRepliesAreTheBotsOwn() throws IOException {
        String docs = docs().replace("\n", " ");
        FakeBotActions actions = new FakeBotActions();
        actions.power.put(ALICE, 50);
        assertThat(docs).contains("`" + reply(actions, "link room@conference.example.org") + "`");
        actions.power.put(ALICE, 100);
        actions.missing = Set.of("kick", "invite");
        assertThat(docs).contains("`" + reply(actions, "link room@conference.example.org") + "`");
        actions.encrypted = true;
        assertThat(docs).contains("`" + reply(actions, "link room@conference.example.org") + "`");
        assertThat(docs).contains("`" + reply(actions, "lnk") + "`");
        assertThat(docs).contains("`" + BotText.DM_USAGE + "`").contains("`" + BotText.LINK_USAGE + "`");
    }

    @Test
    void theNamingExamplesAreTheCoresNames() throws IOException {
        String docs = docs();
        GhostNaming naming = new GhostNaming(new GhostSpaces("gw.example.com", "example.com", "_passerelle_",
                "example.com"));
        for (String room : new String[] {"xmpp:room@conference.example.org", "mimi://provider.example/r/team"}) {
            Address portal = naming.portalFor(Addresses.parse(room), Network.MATRIX);
            assertThat(docs).contains("| `" + room + "` | `" + portal + "` |");
        }
        Address ghost = naming.ghostFor(Addresses.parse("xmpp:alice@example.org"), Network.MATRIX);
        assertThat(docs).contains("`xmpp:alice@example.org` is `" + ghost + "`");
        assertThat(docs).contains("`" + BOT + ": status`");
    }
}
