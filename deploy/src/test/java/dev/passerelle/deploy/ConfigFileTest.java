package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.GatewayConfig;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static void assertFails(Path file, String path, String reasonPart) {
        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.reason()).contains(reasonPart);
        });
    }

    @Test
    void theTemplateIsValidAndHoldsEveryDefault() throws Exception {
        byte[] key = ConfigFile.newSigningKey(new SecureRandom());
        Path file = write("passerelle.yaml", ConfigFile.template(key));
        GatewayConfig parsed = ConfigFile.load(file);
        GatewayConfig defaults = GatewayConfig.embeddedDefaults(key);
        assertThat(parsed.media().signingKey()).isEqualTo(key);
        assertThat(parsed.dataDir()).isEqualTo(defaults.dataDir());
        assertThat(parsed.store()).isEqualTo(defaults.store());
        assertThat(parsed.admin()).isEqualTo(defaults.admin());
        assertThat(parsed.ghosts()).isEqualTo(defaults.ghosts());
        assertThat(parsed.router()).isEqualTo(defaults.router());
        assertThat(parsed.media().publicBaseUrl()).isEqualTo(defaults.media().publicBaseUrl());
        assertThat(parsed.media().urlTtl()).isEqualTo(defaults.media().urlTtl());
        assertThat(parsed.media().maxBytes()).isEqualTo(defaults.media().maxBytes());
        assertThat(parsed.connectors()).isEmpty();
    }

    @Test
    void everyCommentedKeyOfTheTemplateIsAKnownKey() throws Exception {
        // Uncommenting every "#key: value" line of the template must still give a valid file.
        String template = ConfigFile.template(new byte[32]);
        String uncommented = template.replaceAll("(?m)^(\\s*)#([a-z-]+: \\S.*)$", "$1$2")
                .replace("#public-base-url:", "public-base-url:");
        assertThat(uncommented).contains("  pool-size: 4", "  url-ttl: PT1H", "data-dir: ./data", "  max-bytes: 100MiB");
        GatewayConfig c = ConfigFile.load(write("all.yaml", uncommented));
        assertThat(c.store().poolSize()).isEqualTo(4);
        assertThat(c.media().maxBytes()).isEqualTo(100L << 20);
        assertThat(c.media().publicBaseUrl().toString()).isEqualTo("https://media.example.org/");
    }

    @Test
    void yamlProblemsNameTheFileAndLine() throws Exception {
        Path dup = write("dup.yaml", "admin:\n  port: 1\n  port: 2\n");
        assertThatThrownBy(() -> ConfigFile.load(dup)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.path()).isEmpty();
            assertThat(e.getMessage()).contains("dup.yaml is not valid YAML (line 3").contains("Duplicate field 'port'");
        });
        Path syntax = write("syntax.yaml", "admin: [1\n");
        assertThatThrownBy(() -> ConfigFile.load(syntax)).hasMessageContaining("syntax.yaml is not valid YAML (line");
        Path two = write("two.yaml", "admin: {}\n---\nstore: {}\n");
        assertThatThrownBy(() -> ConfigFile.load(two)).hasMessageContaining("more than one YAML document");
        assertThatThrownBy(() -> ConfigFile.load(dir.resolve("missing.yaml"))).hasMessageContaining("no such file");
    }

    @Test
    void emptyKeysAreDefaultsNotEmptyStrings() throws Exception {
        Path file = write("empty-sections.yaml", "store:\nadmin:\nmedia:\n  signing-key: \""
                + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"\n  url-ttl:\n");
        GatewayConfig c = ConfigFile.load(file);
        assertThat(c.admin().port()).isEqualTo(8008);
        assertThat(c.media().urlTtl()).hasHours(1);
    }

    @Test
    void valuesAreCheckedWithTheirPath() throws Exception {
        assertFails(write("a.yaml", ""), "media.signing-key", "passerelle init");
        String media = "media:\n  signing-key: " + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n";
        assertFails(write("b.yaml", "admin:\n  prot: 8008\n"), "admin.prot", "unknown key");
        assertFails(write("c.yaml", media + "router:\n  max-backoff: 5m\n"), "router.max-backoff", "ISO-8601");
        assertFails(write("d.yaml", "admin:\n  host: 0.0.0.0\n"), "admin.token", "required");
        assertFails(write("e.yaml", "admin:\n  port: '8008'\n"), "admin.port", "expected an integer, got a string");
        assertFails(write("f.yaml", media + "connectors:\n  x:\n    network: xmpp\n"), "connectors.x.type", "required");
    }

    @Test
    void writeNewRefusesToOverwriteAndKeepsTheFilePrivate() throws Exception {
        Path file = dir.resolve("sub/passerelle.yaml");
        ConfigFile.writeNew(file, "a: 1\n");
        assertThat(Files.readString(file)).isEqualTo("a: 1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThatThrownBy(() -> ConfigFile.writeNew(file, "b: 2\n")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("a: 1\n");
    }

    @Test
    void freshKeysDiffer() {
        SecureRandom random = new SecureRandom();
        assertThat(ConfigFile.newSigningKey(random)).hasSize(32).isNotEqualTo(ConfigFile.newSigningKey(random));
    }
}
