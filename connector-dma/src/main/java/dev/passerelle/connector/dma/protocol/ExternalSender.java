package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.Credential;
import java.util.Objects;

/** ExternalSender (RFC 9420 section 12.1.8.1): the hub's signature key and credential in a GroupInfo response. */
public record ExternalSender(Opaque signatureKey, Credential credential) {

    /** Checks presence. */
    public ExternalSender {
        Objects.requireNonNull(signatureKey, "signatureKey");
        Objects.requireNonNull(credential, "credential");
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        out.opaque(signatureKey.bytes());
        credential.encode(out);
    }

    static ExternalSender decode(BodyReader in, String name) {
        return in.field(name, r -> new ExternalSender(r.opaque("signatureKey"),
                r.mls("credential", Credential::decode)));
    }
}
