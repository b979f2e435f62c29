package dev.passerelle.deploy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Reads the YAML config file into a {@link GatewayConfig}, and writes the commented default one. */
final class ConfigFile {

    /** Where {@code init} writes and {@code check-config} looks when no file is named. */
    static final String DEFAULT_NAME = "passerelle.yaml";

    private static final String KEY_PLACEHOLDER = "@SIGNING_KEY@";
    private static final int SIGNING_KEY_BYTES = 32;

    private ConfigFile() {
    }

    /** Reads and validates a config file; every problem is a {@link ConfigException}. */
    static GatewayConfig load(Path file) {
        return GatewayConfig.parse(readTree(file));
    }

    /** The YAML tree of a file: one document, no duplicate keys. An empty file is an empty tree. */
    static JsonNode readTree(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "no such file: " + file);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read " + file + ": " + e.getMessage());
        }
        // A key with nothing after it is null (so its section takes the defaults), not an empty string.
        YAMLFactory yaml = YAMLFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .build();
        ObjectMapper mapper = new ObjectMapper(yaml);
        try (JsonParser parser = yaml.createParser(text)) {
            JsonNode tree = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ConfigException("", file + " holds more than one YAML document; keep the config in one");
            }
            return tree;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ConfigException("", file + " is not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commented default config with the given media signing key. */
    static String template(byte[] signingKey) {
        try (InputStream in = ConfigFile.class.getResourceAsStream("default-config.yaml")) {
            if (in == null) {
                throw new IllegalStateException("default-config.yaml is missing from the launcher");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace(KEY_PLACEHOLDER, Base64.getEncoder().encodeToString(signingKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh random media signing key. */
    static byte[] newSigningKey(SecureRandom random) {
        byte[] key = new byte[SIGNING_KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /**
     * Writes a new file readable by its owner only (it holds the signing key, and will hold passwords
     * and tokens); refuses to overwrite.
     */
    static void writeNew(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (Files.getFileStore(parent).supportsFileAttributeView("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null, "already exists; not overwriting it");
        }
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * {@link #writeNew} for a command: when the file is there already, says so on {@code err} as {@code command}
     * (adding {@code why}, which may be empty) and returns false.
     */
    static boolean writeNew(Path file, String content, PrintWriter err, String command, String why)
            throws IOException {
        try {
            writeNew(file, content);
            return true;
        } catch (FileAlreadyExistsException e) {
            err.println("passerelle " + command + ": " + file + " already exists; not overwriting it" + why);
            return false;
        }
    }
}
