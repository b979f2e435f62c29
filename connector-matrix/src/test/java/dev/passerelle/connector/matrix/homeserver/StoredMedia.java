package dev.passerelle.connector.matrix.homeserver;

/** Bytes uploaded to the stub homeserver, with the content type and file name given at upload (or null). */
public record StoredMedia(String mxcUri, String contentType, String fileName, byte[] bytes) {

    public StoredMedia {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
