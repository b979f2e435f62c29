package dev.passerelle.connector.dma.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A proxyDownload request (section 5.10.2, {@code GET /proxyDownload/{downloadUrl}}): no body, the asset's https
 * URL percent-encoded in the path. The response body is the asset's bytes ({@link ProxyDownloadResponse}). The
 * hub still has to check the host is an asset domain of one of its peers (it must not become an open proxy).
 */
public record ProxyDownloadRequest(URI downloadUrl) {

    /** Checks the URL is absolute https with a host. */
    public ProxyDownloadRequest {
        Objects.requireNonNull(downloadUrl, "downloadUrl");
        if (downloadUrl.getScheme() == null || !downloadUrl.getScheme().toLowerCase(Locale.ROOT).equals("https")
                || downloadUrl.getHost() == null) {
            throw new IllegalArgumentException("downloadUrl must be an absolute https URL with a host: " + downloadUrl);
        }
    }

    /** The host the hub must recognise as an asset domain. */
    public String host() {
        return downloadUrl.getHost().toLowerCase(Locale.ROOT);
    }

    /** The request path, under the endpoint's own template. */
    public String path() {
        return MimiEndpoint.PROXY_DOWNLOAD.path(downloadUrl.toString());
    }

    /** The request from the received path segment; a malformed or non-https URL is refused. */
    public static ProxyDownloadRequest fromPathSegment(String segment) {
        String text = MimiEndpoint.PROXY_DOWNLOAD.decodeSegment(segment);
        try {
            return new ProxyDownloadRequest(new URI(text));
        } catch (URISyntaxException e) {
            throw new ProtocolException("proxyDownload.downloadUrl", "not a URL: " + e.getReason(), 0, e);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("proxyDownload.downloadUrl", e.getMessage(), 0, e);
        }
    }
}
