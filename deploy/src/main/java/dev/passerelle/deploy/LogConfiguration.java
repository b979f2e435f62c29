package dev.passerelle.deploy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The gateway's log configuration, made in code: one line per event on standard output, the gateway's own loggers
 * at {@code passerelle.log.level} (system property), else {@code PASSERELLE_LOG_LEVEL} (environment), else INFO, and
 * the libraries at WARN. Reading the same from an XML file took logback about a third of a second of every start.
 * A file still wins: {@code -Dlogback.configurationFile=FILE}, or a {@code logback.xml} or {@code logback-test.xml}
 * on the class path, is left to logback's own configurators. Found by logback through {@code META-INF/services}.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";
    /** Libraries that log only what needs attention. */
    static final String[] QUIET = {"io.netty", "io.vertx", "com.zaxxer.hikari", "org.flywaydb", "org.h2"};

    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final Predicate<String> onClassPath;

    /** As logback makes it: the JVM's system properties, environment and class path. */
    public LogConfiguration() {
        this(System::getProperty, System::getenv,
                name -> LogConfiguration.class.getClassLoader().getResource(name) != null);
    }

    LogConfiguration(Function<String, String> properties, Function<String, String> environment,
            Predicate<String> onClassPath) {
        this.properties = properties;
        this.environment = environment;
        this.onClassPath = onClassPath;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (properties.apply("logback.configurationFile") != null || onClassPath.test("logback-test.xml")
                || onClassPath.test("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("dev.passerelle").setLevel(level());
        for (String library : QUIET) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The gateway's level; a name logback does not know is reported on standard error and INFO is used. */
    private Level level() {
        String name = properties.apply("passerelle.log.level");
        if (name == null || name.isBlank()) {
            name = environment.apply("PASSERELLE_LOG_LEVEL");
        }
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        Level level = Level.toLevel(name.trim(), null);
        if (level == null) {
            System.err.println("passerelle: unknown log level '" + name.trim() + "' (TRACE, DEBUG, INFO, WARN, ERROR,"
                    + " OFF), logging at INFO");
            return Level.INFO;
        }
        return level;
    }
}
