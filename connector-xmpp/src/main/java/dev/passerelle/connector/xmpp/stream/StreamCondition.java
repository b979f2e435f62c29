package dev.passerelle.connector.xmpp.stream;

/** The RFC 6120 section 4.9.3 stream error conditions this layer raises or recognises. */
enum StreamCondition {
    BAD_FORMAT("bad-format"),
    CONNECTION_TIMEOUT("connection-timeout"),
    CONFLICT("conflict"),
    HOST_UNKNOWN("host-unknown"),
    INTERNAL_SERVER_ERROR("internal-server-error"),
    INVALID_NAMESPACE("invalid-namespace"),
    INVALID_XML("invalid-xml"),
    NOT_AUTHORIZED("not-authorized"),
    NOT_WELL_FORMED("not-well-formed"),
    POLICY_VIOLATION("policy-violation"),
    RESTRICTED_XML("restricted-xml"),
    SYSTEM_SHUTDOWN("system-shutdown"),
    UNSUPPORTED_ENCODING("unsupported-encoding"),
    UNSUPPORTED_STANZA_TYPE("unsupported-stanza-type"),
    UNDEFINED_CONDITION("undefined-condition");

    static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-streams";

    private final String wire;

    StreamCondition(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    /** The condition named on the wire; unknown names become undefined-condition. */
    static StreamCondition fromWire(String name) {
        for (StreamCondition c : values()) {
            if (c.wire.equals(name)) {
                return c;
            }
        }
        return UNDEFINED_CONDITION;
    }

    /** True for conditions that mean the server refused our credentials or domain: retrying fast will not help. */
    boolean refusal() {
        return this == NOT_AUTHORIZED || this == HOST_UNKNOWN || this == CONFLICT;
    }

    /** The {@code <stream:error>} element followed by the stream close, ready to write. */
    String toXml(String text) {
        StringBuilder sb = new StringBuilder("<stream:error><").append(wire).append(" xmlns='").append(NAMESPACE)
                .append("'/>");
        if (text != null && !text.isEmpty()) {
            sb.append("<text xmlns='").append(NAMESPACE).append("'>");
            XmlElement.escape(sb, text, false);
            sb.append("</text>");
        }
        return sb.append("</stream:error></stream:stream>").toString();
    }
}
