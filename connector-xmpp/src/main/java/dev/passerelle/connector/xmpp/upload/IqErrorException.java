package dev.passerelle.connector.xmpp.upload;

import dev.passerelle.core.spi.GatewayException;
import org.jivesoftware.smack.packet.StanzaError;

/** An IQ answered with an error stanza; the XMPP condition decides the gateway's reason. */
public final class IqErrorException extends GatewayException {
    private static final long serialVersionUID = 1L;

    private final transient StanzaError error;

    public IqErrorException(StanzaError error, String request) {
        super(reasonFor(error), request + " failed: " + error.getCondition()
                + (error.getDescriptiveText() == null ? "" : " (" + error.getDescriptiveText() + ")"));
        this.error = error;
    }

    public StanzaError error() {
        return error;
    }

    static Reason reasonFor(StanzaError error) {
        switch (error.getCondition()) {
            case item_not_found:
            case recipient_unavailable:
            case remote_server_not_found:
                return Reason.NOT_FOUND;
            case not_authorized:
                return Reason.AUTH;
            case bad_request:
            case jid_malformed:
                return Reason.INVALID;
            case feature_not_implemented:
            case service_unavailable:
                return Reason.UNSUPPORTED;
            case internal_server_error:
            case remote_server_timeout:
            case resource_constraint:
                return Reason.TRANSIENT;
            default:
                return error.getType() == StanzaError.Type.WAIT ? Reason.TRANSIENT : Reason.PERMANENT;
        }
    }
}
