package dev.passerelle.connector.matrix.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("feature:bot")
class CommandParserTest {
    private static final MatrixUserId BOT = MatrixUserId.parse("@passerelle:example.com");

    private static ParseResult dm(String body) {
        return CommandParser.parse(body, true, BOT);
    }

    private static ParseResult group(String body) {
        return CommandParser.parse(body, false, BOT, Optional.of("Passerelle Bridge"));
    }

    private static Command command(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).command();
    }

    private static String invalid(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return ((ParseResult.Invalid) result).message();
    }

    @Test
    void everyMessageInADirectChatIsACommand() {
        assertThat(command(dm("help"))).isEqualTo(new Command.Help());
        assertThat(command(dm("  STATUS \n"))).isEqualTo(new Command.Status());
        assertThat(command(dm("unlink"))).isEqualTo(new Command.Unlink());
        assertThat(command(dm("!passerelle status"))).isEqualTo(new Command.Status());
        assertThat(invalid(dm("hello there"))).isEqualTo("unknown command 'hello'; try help");
    }

    @Test
    void anEmptyCommandGetsTheHelp() {
        assertThat(command(dm("   "))).isEqualTo(new Command.Help());
        assertThat(command(group("!passerelle"))).isEqualTo(new Command.Help());
    }

    @Test
    void aGroupMessageIsACommandOnlyWhenItAddressesTheBot() {
        assertThat(group("status")).isInstanceOf(ParseResult.NotForBot.class);
        assertThat(group("hello !passerelle status")).isInstanceOf(ParseResult.NotForBot.class);
        // A bare name with no colon or comma is ordinary text.
        assertThat(group("passerelle is down again")).isInstanceOf(ParseResult.NotForBot.class);
        assertThat(group("Passerelle Bridge status")).isInstanceOf(ParseResult.NotForBot.class);
        assertThat(group("!passerellestatus")).isInstanceOf(ParseResult.NotForBot.class);
        assertThat(group("@passerelle:example.org: status")).isInstanceOf(ParseResult.NotForBot.class);
        assertThat(CommandParser.parse("Passerelle Bridge: status", false, BOT))
                .isInstanceOf(ParseResult.NotForBot.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!passerelle status", "!Passerelle   status", "@passerelle:example.com: status",
        "@passerelle:example.com status", "passerelle: status", "Passerelle, status", "passerelle bridge: status"})
    void thePrefixAndMentionsAddressTheBot(String body) {
        assertThat(command(group(body))).isEqualTo(new Command.Status());
    }

    @Test
    void aReplyFallbackBeforeTheCommandIsIgnored() {
        String body = "> <@passerelle:example.com> Only room admins can link this room\n> second line\n\nstatus";
        assertThat(command(dm(body))).isEqualTo(new Command.Status());
        assertThat(command(group("> <@passerelle:example.com> hi\n\n!passerelle unlink")))
                .isEqualTo(new Command.Unlink());
    }

    @Test
    void aBareJidIsAnXmppAddress() {
        assertThat(command(dm("dm alice@example.org"))).isEqualTo(new Command.Dm(Jid.of("alice", "example.org")));
        assertThat(command(dm("dm Alice@Example.ORG"))).isEqualTo(new Command.Dm(Jid.of("alice", "example.org")));
        assertThat(command(group("!passerelle link room@conference.example.org")))
                .isEqualTo(new Command.Link(Jid.of("room", "conference.example.org")));
    }

    @Test
    void uriFormsGoThroughTheCoreParser() {
        assertThat(command(dm("dm xmpp:alice@example.org"))).isEqualTo(new Command.Dm(Jid.of("alice", "example.org")));
        assertThat(command(dm("dm mimi://provider.example/u/carol")))
                .isEqualTo(new Command.Dm(new MimiUserUri("provider.example", "carol")));
        assertThat(command(dm("link mimi://provider.example/r/team")))
                .isEqualTo(new Command.Link(new MimiRoomUri("provider.example", "team")));
        assertThat(command(dm("link xmpp:room@conference.example.org?join")))
                .isEqualTo(new Command.Link(Jid.of("room", "conference.example.org")));
    }

    @Test
    void matrixAddressesAreRefusedWithTheReason() {
        assertThat(invalid(dm("dm @bob:example.com")))
                .isEqualTo("'@bob:example.com' is on Matrix already: invite them directly, without Passerelle");
        assertThat(invalid(dm("dm matrix:u/bob:example.com"))).contains("is on Matrix already");
        assertThat(invalid(dm("link #room:example.com"))).isEqualTo("'#room:example.com' is on Matrix already:"
                + " link takes the address of an XMPP or MIMI room to bridge this room to");
        assertThat(invalid(dm("link !abc:example.com"))).contains("is on Matrix already");
    }

    @Test
    void usersAndRoomsAreNotMixedUp() {
        assertThat(invalid(dm("dm mimi://provider.example/r/team"))).contains("is a room, not a user");
        assertThat(invalid(dm("link mimi://provider.example/u/carol"))).contains("is a user, not a room");
        assertThat(invalid(dm("link conference.example.org"))).contains("is a server, not a room");
        assertThat(invalid(dm("link room@conference.example.org/nick")))
                .isEqualTo("'room@conference.example.org/nick' names someone in a room: give the room alone,"
                        + " room@conference.example.org");
    }

    @Test
    void badAddressesSayWhatIsWrong() {
        assertThat(invalid(dm("dm foo@"))).startsWith("'foo@' is not an address: ");
        assertThat(invalid(dm("dm https://example.org")))
                .startsWith("'https://example.org' is not an address: scheme: 'https' is not supported");
        assertThat(invalid(dm("link @not an id"))).isEqualTo("usage: link <room address>");
    }

    @Test
    void argumentsAreCounted() {
        assertThat(invalid(dm("dm"))).isEqualTo("usage: dm <address>");
        assertThat(invalid(dm("link a@b c@d"))).isEqualTo("usage: link <room address>");
        assertThat(invalid(dm("status now"))).isEqualTo("'status' takes no argument; try help");
        assertThat(invalid(dm("unlink room@conference.example.org"))).isEqualTo("'unlink' takes no argument; try help");
        assertThat(command(dm("help link"))).isEqualTo(new Command.Help());
        assertThat(invalid(group("!passerelle lnk room@conference.example.org")))
                .isEqualTo("unknown command 'lnk'; try help");
    }
}
