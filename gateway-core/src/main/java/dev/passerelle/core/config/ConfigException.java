package dev.passerelle.core.config;

/** A config value is missing or wrong; the message starts with the key's full path. */
public final class ConfigException extends RuntimeException {
    private final String path;

    public ConfigException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
    }

    /** The dotted path of the offending key, e.g. {@code connectors.xmpp.port}. */
    public String path() {
        return path;
    }
}
