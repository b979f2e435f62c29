package dev.passerelle.connector.matrix.client;

import java.net.URI;
import java.util.Locale;

/** A content URI {@code mxc://serverName/mediaId}, checked before it becomes part of a download path. */
record Mxc(String serverName, String mediaId) {

    Mxc {
        if (serverName == null || !serverName.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?")) {
            throw new IllegalArgumentException("not a Matrix server name: " + serverName);
        }
        if (mediaId == null || !mediaId.matches("[A-Za-z0-9_\\-]+")) {
            throw new IllegalArgumentException("not a media id: " + mediaId);
        }
    }

    static Mxc parse(URI uri) {
        if (uri == null) {
            throw new IllegalArgumentException("the mxc URI must not be null");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("mxc")
                || uri.getRawAuthority() == null || uri.getRawPath() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || !uri.getRawPath().startsWith("/")) {
            throw new IllegalArgumentException("not an mxc://server/media-id URI: " + uri);
        }
        return new Mxc(uri.getRawAuthority(), uri.getRawPath().substring(1));
    }
}
