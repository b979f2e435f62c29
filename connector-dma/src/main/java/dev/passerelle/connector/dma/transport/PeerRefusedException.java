package dev.passerelle.connector.dma.transport;

import dev.passerelle.core.spi.GatewayException;

/** A peer provider is not who it must be; the server answers 403 with the reason, the client fails with AUTH. */
public final class PeerRefusedException extends GatewayException {

    private final RefusalReason refusal;

    public PeerRefusedException(RefusalReason refusal, String message) {
        super(Reason.AUTH, message);
        if (refusal == null) {
            throw new IllegalArgumentException("refusal must not be null");
        }
        this.refusal = refusal;
    }

    public RefusalReason refusal() {
        return refusal;
    }
}
