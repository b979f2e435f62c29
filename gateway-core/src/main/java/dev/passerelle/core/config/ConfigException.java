package dev.passerelle.core.config;

/** A config value is missing or wrong; the message starts with the key's full dotted path. */
public final class ConfigException extends RuntimeException {
    private final String path;
    private final String reason;

    /**
     * @param path the dotted path of the offending key ({@code connectors.xmpp.port}); empty for the
     *             file as a whole (it is not YAML, its top level is not a mapping)
     * @param reason what is wrong and, where it helps, what is expected
     */
    public ConfigException(String path, String reason) {
        super(path.isEmpty() ? reason : path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The dotted path of the offending key, e.g. {@code connectors.xmpp.port}; empty for the whole file. */
    public String path() {
        return path;
    }

    /** The reason without the path. */
    public String reason() {
        return reason;
    }
}
