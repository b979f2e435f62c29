package dev.passerelle.connector.matrix.appservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.testing.Above;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationTest {

    private static final URI URL = URI.create("http://127.0.0.1:8010");

    @TempDir
    Path dir;

    /** Where the spec's application-service definitions are served from, for the schema registry. */
    private static final String BASE = "https://spec.example/application-service/";

    /**
     * The spec's registration schema, its relative $refs (namespace_list.yaml) resolved to the files next to
     * it; each YAML file is read with Jackson YAML and handed to the validator as JSON.
     */
    private static Schema registrationSchema() {
        Path dir = Above.directory(Path.of("../shared/specs/matrix/data"), "the Matrix spec")
                .resolve("api/application-service");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Function<String, String> files = iri -> {
            if (!iri.startsWith(BASE)) {
                return null;
            }
            try {
                return yaml.readTree(dir.resolve(iri.substring(BASE.length())).toFile()).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(files))
                .getSchema(SchemaLocation.of(BASE + "definitions/registration.yaml"));
    }

    @Test
    void theGeneratedFileValidatesAgainstTheSpecSchema() {
        Registration registration = Registration.generate("passerelle", URL, "example.org", "_passerelle_",
                new SecureRandom());
        String yaml = registration.toYaml();

        assertThat(registrationSchema().validate(yaml, InputFormat.YAML)).isEmpty();
        assertThat(yaml).contains("rate_limited: false", "receive_ephemeral: true", "exclusive: true",
                "sender_localpart: _passerelle_bot", "- xmpp", "- mimi");
    }

    @Test
    void theSchemaCheckCanFail() {
        // Guards the test above: a file without its tokens and namespaces must not pass.
        assertThat(registrationSchema().validate("id: x\nurl: http://localhost\n", InputFormat.YAML)).isNotEmpty();
        assertThat(registrationSchema().validate("id: x\nurl: http://localhost\nas_token: a\nhs_token: b\n"
                + "sender_localpart: bot\nnamespaces:\n  users:\n  - regex: x\n", InputFormat.YAML))
                .as("a namespace without `exclusive`, through the $ref").isNotEmpty();
    }

    @Test
    void tokensHave256BitsAndDifferEveryTime() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Registration r = Registration.generate("passerelle", URL, "example.org", "_passerelle_", random);
            assertThat(Base64.getUrlDecoder().decode(r.asToken())).hasSize(32);
            assertThat(Base64.getUrlDecoder().decode(r.hsToken())).hasSize(32);
            assertThat(seen.add(r.asToken())).isTrue();
            assertThat(seen.add(r.hsToken())).isTrue();
        }
    }

    @Test
    void namespacesHoldTheGhostsAndPortalsOfGhostNamingAndNoOrdinaryUser() {
        GhostSpaces spaces = new GhostSpaces("gw.example.org", "matrix.example.org", "_passerelle_",
                "mimi.example.org");
        GhostNaming naming = new GhostNaming(spaces);
        Registration r = Registration.generate("passerelle", URL, spaces.matrixServer(), spaces.matrixPrefix(),
                new SecureRandom());
        Pattern users = Pattern.compile(r.userNamespaceRegex());
        Pattern aliases = Pattern.compile(r.aliasNamespaceRegex());

        for (String real : new String[] {"alice@example.org", "Bob.Smith@Exämple.org/Phone", "c@d"}) {
            String ghost = naming.ghostFor(Jid.parse(real), Network.MATRIX).toString();
            assertThat(users.matcher(ghost).matches()).as(ghost).isTrue();
            String portal = naming.portalFor(Jid.parse(real), Network.MATRIX).toString();
            assertThat(aliases.matcher(portal).matches()).as(portal).isTrue();
        }
        String mimiGhost = naming.ghostFor(new MimiUserUri("mimi.other.org", "Zoë"), Network.MATRIX).toString();
        assertThat(users.matcher(mimiGhost).matches()).isTrue();
        assertThat(users.matcher("@" + r.senderLocalpart() + ":matrix.example.org").matches())
                .as("the bot is inside the namespace").isTrue();

        assertThat(users.matcher("@alice:matrix.example.org").matches()).isFalse();
        assertThat(users.matcher("@x_passerelle_alice:matrix.example.org").matches()).isFalse();
        assertThat(users.matcher("@_passerelle_alice:matrixXexample.org").matches())
                .as("the server's dots are literal").isFalse();
        assertThat(users.matcher("@_passerelle_alice:matrix.example.org.evil").matches()).isFalse();
        assertThat(users.matcher("@_passerelle_alice:other.org").matches()).isFalse();
        assertThat(aliases.matcher(new MatrixRoomAlias("lobby", "matrix.example.org").toString()).matches()).isFalse();
        assertThat(users.matcher(new MatrixUserId("_passerelle_x", "matrix.example.org").toString()).matches())
                .isTrue();
    }

    @Test
    void aServerWithAPortIsEscaped() {
        Registration r = Registration.generate("p", URL, "localhost:8448", "_p.", new SecureRandom());
        assertThat(r.userNamespaceRegex()).isEqualTo("@_p\\..*:localhost:8448");
        assertThat(Pattern.matches(r.userNamespaceRegex(), "@_pXa:localhost:8448")).isFalse();
    }

    @Test
    void readGivesBackWhatWasWritten() throws Exception {
        Registration r = Registration.generate("passerelle", URL, "example.org", "_passerelle_", new SecureRandom());
        Path file = dir.resolve("registration.yaml");
        Files.writeString(file, r.toYaml());
        assertThat(Registration.read(file)).isEqualTo(r);
        assertThat(r.toString()).doesNotContain(r.asToken()).doesNotContain(r.hsToken());
    }

    @Test
    void readNamesTheFileAndTheKeyAtFault() throws Exception {
        Registration r = Registration.generate("passerelle", URL, "example.org", "_passerelle_", new SecureRandom());
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, r.toYaml().replace("exclusive: true", "exclusive: false"));
        assertThatThrownBy(() -> Registration.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("namespaces.users[0].exclusive");

        Files.writeString(file, r.toYaml().replace("hs_token: ", "hs_token: short #"));
        assertThatThrownBy(() -> Registration.read(file)).hasMessageContaining("hs_token");

        Files.writeString(file, "id: a\nid: b\n");
        assertThatThrownBy(() -> Registration.read(file)).hasMessageContaining("not valid YAML")
                .hasMessageContaining("Duplicate");

        Files.writeString(file, r.toYaml().replace("url: ", "url: ftp://x #"));
        assertThatThrownBy(() -> Registration.read(file)).hasMessageContaining("url");
    }

    @Test
    void generationRefusesAnEmptyPrefixOrABadServer() {
        assertThatThrownBy(() -> Registration.generate("p", URL, "example.org", "", new SecureRandom()))
                .hasMessageContaining("matrixPrefix");
        assertThatThrownBy(() -> Registration.generate("p", URL, "exa mple.org", "_p_", new SecureRandom()))
                .hasMessageContaining("matrixServer");
        assertThatThrownBy(() -> Registration.generate(" ", URL, "example.org", "_p_", new SecureRandom()))
                .hasMessageContaining("id");
    }
}
