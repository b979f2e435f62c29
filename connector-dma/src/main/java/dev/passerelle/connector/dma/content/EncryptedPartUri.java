package dev.passerelle.connector.dma.content;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how to get the plaintext of an AES-128-GCM encrypted external part, as one {@code mimi-enc:} URI: the
 * location of the ciphertext, the plaintext's media type, the key, the nonce, the additional data, the SHA-256 hash of the ciphertext (the
 * "content at the target url" the draft hashes; empty when the part had none) and the ciphertext's size (0 when
 * unknown). The URI is this gateway's own: its scheme-specific part is the unpadded base64url of the deterministic
 * CBOR array {@code [url, mediaType, key, nonce, aad, hash, size]}. It holds the key: it stays inside the gateway (canonical
 * attachments, the journal) and other networks only see the media service's signed URLs. {@link #toString} leaves
 * the key out.
 */
public record EncryptedPartUri(String url, String mediaType, byte[] key, byte[] nonce, byte[] aad, byte[] sha256, long size) {

    /** The URI scheme. */
    public static final String SCHEME = "mimi-enc";
    /** The IANA AEAD id of AES-128-GCM, the only algorithm this form carries. */
    public static final int AES_128_GCM = 1;
    /** AES-128 key length. */
    public static final int KEY_LENGTH = 16;
    /** GCM nonce length. */
    public static final int NONCE_LENGTH = 12;
    private static final int MAX_URI = 8192;

    public EncryptedPartUri {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(mediaType, "mediaType");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("https://") || lower.startsWith("http://"))) {
            throw new IllegalArgumentException("an encrypted part's location must be http(s)");
        }
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an AES-128-GCM key has " + KEY_LENGTH + " bytes, got " + key.length);
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("an AES-128-GCM nonce has " + NONCE_LENGTH + " bytes, got "
                    + nonce.length);
        }
        if (sha256.length != 0 && sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, got " + sha256.length);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        key = key.clone();
        nonce = nonce.clone();
        aad = aad.clone();
        sha256 = sha256.clone();
    }

    /**
     * The reference for {@code part} if it is encrypted with AES-128-GCM at an http(s) URL with a well-formed key and
     * nonce (and a SHA-256 hash if any); empty otherwise.
     */
    public static java.util.Optional<EncryptedPartUri> of(NestedPart.ExternalPart part) {
        if (part.encAlg() != AES_128_GCM) {
            return java.util.Optional.empty();
        }
        byte[] hash = part.hashAlg() == MessageId.SHA_256 ? part.contentHash() : new byte[0];
        try {
            return java.util.Optional.of(new EncryptedPartUri(part.url(), part.contentType(), part.key(), part.nonce(), part.aad(), hash,
                    part.size() < 0 ? 0 : part.size()));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** The {@code mimi-enc:} URI. */
    public URI toUri() {
        CborWriter w = new CborWriter();
        w.arrayHeader(7).text(url).text(mediaType).bytes(key).bytes(nonce).bytes(aad).bytes(sha256).head(CborWriter.UINT, size);
        return URI.create(SCHEME + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(w.toByteArray()));
    }

    /** Reads a {@code mimi-enc:} URI; refusals ({@link ContentException}) never quote the URI (it holds the key). */
    public static EncryptedPartUri parse(URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (!SCHEME.equalsIgnoreCase(uri.getScheme()) || uri.getRawSchemeSpecificPart() == null) {
            throw new ContentException("uri", "not a " + SCHEME + ": URI");
        }
        String ssp = uri.getRawSchemeSpecificPart();
        if (ssp.length() > MAX_URI) {
            throw new ContentException("uri", "longer than " + MAX_URI + " characters");
        }
        byte[] cbor;
        try {
            cbor = Base64.getUrlDecoder().decode(ssp);
        } catch (IllegalArgumentException e) {
            throw new ContentException("uri", "not base64url");
        }
        CborValue root = CborReader.decode(cbor, 1);
        if (!(root instanceof CborValue.Array a) || a.items().size() != 7) {
            throw new ContentException("uri", "expected an array of 7 items");
        }
        List<CborValue> i = a.items();
        if (!(i.get(0) instanceof CborValue.Text url) || !(i.get(1) instanceof CborValue.Text type)
                || !(i.get(2) instanceof CborValue.Bytes key) || !(i.get(3) instanceof CborValue.Bytes nonce)
                || !(i.get(4) instanceof CborValue.Bytes aad) || !(i.get(5) instanceof CborValue.Bytes hash)
                || !(i.get(6) instanceof CborValue.Int size) || size.negative() || !size.fitsLong()) {
            throw new ContentException("uri", "expected [url, mediaType, key, nonce, aad, hash, size]");
        }
        try {
            return new EncryptedPartUri(url.value(), type.value(), key.value(), nonce.value(), aad.value(), hash.value(),
                    size.raw());
        } catch (IllegalArgumentException e) {
            throw new ContentException("uri", e.getMessage());
        }
    }

    /** The location as a URI. */
    public URI location() {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new ContentException("uri.url", "not a URI");
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] aad() {
        return aad.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptedPartUri o && url.equals(o.url) && mediaType.equals(o.mediaType)
                && java.util.Arrays.equals(key, o.key)
                && java.util.Arrays.equals(nonce, o.nonce) && java.util.Arrays.equals(aad, o.aad)
                && java.util.Arrays.equals(sha256, o.sha256) && size == o.size;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, java.util.Arrays.hashCode(nonce), size);
    }

    @Override
    public String toString() {
        return "EncryptedPartUri[" + url + ", size " + size + ", key withheld]";
    }
}
