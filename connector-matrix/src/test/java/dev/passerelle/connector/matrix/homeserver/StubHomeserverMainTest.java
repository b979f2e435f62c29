package dev.passerelle.connector.matrix.homeserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.matrix.appservice.Registration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stub as a program: its command line, its checks of the registration, and the person endpoints' refusals. */
class StubHomeserverMainTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private Path registration(String serverName) throws Exception {
        Path file = dir.resolve("registration-" + serverName + ".yaml");
        Files.writeString(file, Registration.generate("passerelle", URI.create("http://127.0.0.1:1"), serverName,
                "_passerelle_", new SecureRandom()).toYaml());
        return file;
    }

    private HttpResponse<String> call(StubHomeserver hs, String method, String pathAndQuery, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hs.baseUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void parsesItsOptionsAndRefusesWhatItDoesNotKnow() {
        StubHomeserverMain.Options options = StubHomeserverMain.parse(
                new String[] {"--registration", "r.yaml", "--port", "9000", "--server-name", "hs.example"});
        assertThat(options).isEqualTo(new StubHomeserverMain.Options(Path.of("r.yaml"), 9000, "hs.example"));
        assertThat(StubHomeserverMain.parse(new String[] {"--registration", "r.yaml"}).port())
                .isEqualTo(StubHomeserverMain.DEFAULT_PORT);
        assertThat(StubHomeserverMain.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> StubHomeserverMain.parse(new String[0])).hasMessageContaining("--registration");
        assertThatThrownBy(() -> StubHomeserverMain.parse(new String[] {"--registration", "r", "--port", "x"}))
                .hasMessageContaining("--port: not a number");
        assertThatThrownBy(() -> StubHomeserverMain.parse(new String[] {"--regstration", "r"}))
                .hasMessageContaining("unknown option --regstration");
    }

    @Test
    void refusesAMissingRegistrationOrOneForAnotherServer() throws Exception {
        assertThatThrownBy(() -> StubHomeserverMain.start(dir.resolve("none.yaml"), "localhost", 0))
                .hasMessageContaining("no registration file").hasMessageContaining("generate-registration");
        Path other = registration("example.org");
        assertThatThrownBy(() -> StubHomeserverMain.start(other, "localhost", 0))
                .hasMessageContaining("not on the server name localhost");
    }

    @Test
    void personEndpointsActAsNativeUsersOnlyAndSayWhatIsWrong() throws Exception {
        try (StubHomeserver hs = StubHomeserverMain.start(registration("localhost"), "localhost", 0)) {
            HttpResponse<String> ghost = call(hs, "POST", "/_stub/rooms?user_id=@_passerelle_bot:localhost", "{}");
            assertThat(ghost.statusCode()).isEqualTo(403);
            assertThat(ghost.body()).contains("M_EXCLUSIVE");

            assertThat(call(hs, "POST", "/_stub/rooms?user_id=bob", "{}").body()).contains("user_id must be");
            assertThat(call(hs, "POST", "/_stub/rooms?user_id=@bob:elsewhere.org", "{}").body())
                    .contains("not a user of this homeserver");
            assertThat(call(hs, "POST", "/_stub/rooms?user_id=@bob:localhost", "[1]").statusCode()).isEqualTo(400);
            assertThat(call(hs, "GET", "/_stub/nothing", null).statusCode()).isEqualTo(404);

            // A room made directly (no push needed): sending needs a body, and only members may send.
            String room = hs.createRoom("@bob:localhost", new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode());
            HttpResponse<String> noBody = call(hs, "POST", "/_stub/rooms/" + room + "/send?user_id=@bob:localhost",
                    "{\"msgtype\": \"m.text\"}");
            assertThat(noBody.statusCode()).isEqualTo(400);
            assertThat(noBody.body()).contains("\\\"body\\\"");
            assertThat(call(hs, "POST", "/_stub/rooms/" + room + "/send?user_id=@eve:localhost",
                    "{\"body\": \"hi\"}").statusCode()).isEqualTo(403);
            assertThat(call(hs, "GET", "/_stub/rooms/" + room + "/events", null).body()).contains("m.room.create");
            assertThat(call(hs, "GET", "/_stub/violations", null).body()).isEqualTo("{\"violations\":[]}");
            assertThat(hs.events(room)).noneMatch(e -> e.type().equals("m.room.message"));
        }
    }
}
