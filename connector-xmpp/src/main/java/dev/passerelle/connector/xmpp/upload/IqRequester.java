package dev.passerelle.connector.xmpp.upload;

import io.vertx.core.Future;
import org.jivesoftware.smack.packet.IQ;

/**
 * Sends an IQ get or set and completes with its {@code result}; an {@code error} reply fails with
 * {@link IqErrorException}, no reply in time with a TRANSIENT GatewayException.
 */
public interface IqRequester {
    Future<IQ> request(IQ iq);
}
