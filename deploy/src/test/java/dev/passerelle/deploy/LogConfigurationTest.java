package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log configuration the distribution starts with, and when it leaves the job to a file. */
class LogConfigurationTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void withoutSettingsTheGatewayLogsAtInfoToStandardOutputAndTheLibrariesAtWarn() {
        assertThat(configure(Map.of(), Map.of(), false)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("CONSOLE");
        assertThat(console.isStarted()).isTrue();
        assertThat(console.getTarget()).isEqualTo("System.out");
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo(LogConfiguration.PATTERN);
        assertThat(context.getLogger("dev.passerelle.core.router.Router").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.channel.DefaultChannelPipeline").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.h2.mvstore").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.jivesoftware.smack").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void thePropertyOverridesTheEnvironmentWhichOverridesInfo() {
        configure(Map.of(), Map.of("PASSERELLE_LOG_LEVEL", "debug"), false);
        assertThat(context.getLogger("dev.passerelle").getLevel()).isEqualTo(Level.DEBUG);
        LoggerContext other = new LoggerContext();
        new LogConfiguration(Map.of("passerelle.log.level", "WARN")::get,
                Map.of("PASSERELLE_LOG_LEVEL", "DEBUG")::get, name -> false).configure(other);
        assertThat(other.getLogger("dev.passerelle").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anUnknownLevelLogsAtInfo() {
        configure(Map.of("passerelle.log.level", "LOUD"), Map.of(), false);
        assertThat(context.getLogger("dev.passerelle").getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void aConfigurationFileIsLeftToLogback() {
        assertThat(configure(Map.of("logback.configurationFile", "/etc/passerelle/logback.xml"), Map.of(), false))
                .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(configure(Map.of(), Map.of(), true)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void logbackFindsItThroughTheServiceFile() throws IOException {
        try (InputStream in = LogConfiguration.class.getResourceAsStream(
                "/META-INF/services/ch.qos.logback.classic.spi.Configurator")) {
            assertThat(in).as("the service file").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(LogConfiguration.class.getName());
        }
    }

    private ExecutionStatus configure(Map<String, String> properties, Map<String, String> environment,
            boolean fileOnClassPath) {
        return new LogConfiguration(properties::get, environment::get, name -> fileOnClassPath).configure(context);
    }
}
