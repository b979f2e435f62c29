package dev.passerelle.connector.dma.protocol;

import java.util.Objects;
import java.util.Optional;

/** A proxyDownload response (section 5.10.2): the asset's bytes as fetched (still encrypted), and its media type. */
public record ProxyDownloadResponse(Optional<String> contentType, Opaque content) {

    /** Checks presence. */
    public ProxyDownloadResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
