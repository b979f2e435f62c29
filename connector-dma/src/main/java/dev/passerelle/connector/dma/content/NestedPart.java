package dev.passerelle.connector.dma.content;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A body part of a MIMI message: a disposition, a language and one of four shapes (no content, inline content,
 * external content, or several nested parts). Byte arrays are copied in and out and compared by content.
 */
public sealed interface NestedPart permits NestedPart.NullPart, NestedPart.SinglePart, NestedPart.ExternalPart,
        NestedPart.MultiPart {

    /** Disposition values of the draft's registry; 9..255 are unknown and render like {@link #RENDER}. */
    int UNSPECIFIED = 0;
    int RENDER = 1;
    int REACTION = 2;
    int PROFILE = 3;
    int INLINE = 4;
    int ICON = 5;
    int ATTACHMENT = 6;
    int SESSION = 7;
    int PREVIEW = 8;
    /** Largest disposition value accepted. */
    int MAX_DISPOSITION = 255;

    /** The disposition, 0..255. */
    int disposition();

    /** Empty, or a comma-separated list of RFC 5646 language tags. */
    String language();

    private static void checkCommon(int disposition, String language) {
        if (disposition < 0 || disposition > MAX_DISPOSITION) {
            throw new IllegalArgumentException("disposition must be within 0.." + MAX_DISPOSITION + ", got "
                    + disposition);
        }
        Objects.requireNonNull(language, "language");
    }

    /** A part without content (used when deleting or unliking). */
    record NullPart(int disposition, String language) implements NestedPart {
        public NullPart {
            checkCommon(disposition, language);
        }
    }

    /** A part whose content is carried inline. */
    record SinglePart(int disposition, String language, String contentType, byte[] content) implements NestedPart {
        public SinglePart {
            checkCommon(disposition, language);
            Objects.requireNonNull(contentType, "contentType");
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SinglePart p
                    && Arrays.equals(MimiContent.encodePart(this), MimiContent.encodePart(p));
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(MimiContent.encodePart(this));
        }
    }

    /**
     * A part whose content is fetched from {@code url}. {@code expires} is 32-bit unsigned seconds since the epoch
     * (0 = never), {@code size} a 64-bit unsigned octet count (0 = unknown; read with {@link Long#toUnsignedString}),
     * {@code encAlg} a 16-bit IANA AEAD id (0 = not encrypted), {@code hashAlg} an 8-bit named-information hash id.
     */
    record ExternalPart(int disposition, String language, String contentType, String url, long expires, long size,
            int encAlg, byte[] key, byte[] nonce, byte[] aad, int hashAlg, byte[] contentHash, String description,
            String filename) implements NestedPart {
        public ExternalPart {
            checkCommon(disposition, language);
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(filename, "filename");
            if (expires < 0 || expires > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("expires must be a 32-bit unsigned number, got " + expires);
            }
            if (encAlg < 0 || encAlg > 0xFFFF) {
                throw new IllegalArgumentException("encAlg must be a 16-bit unsigned number, got " + encAlg);
            }
            if (hashAlg < 0 || hashAlg > 0xFF) {
                throw new IllegalArgumentException("hashAlg must be an 8-bit unsigned number, got " + hashAlg);
            }
            key = key.clone();
            nonce = nonce.clone();
            aad = aad.clone();
            contentHash = contentHash.clone();
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
        public byte[] contentHash() {
            return contentHash.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ExternalPart p
                    && Arrays.equals(MimiContent.encodePart(this), MimiContent.encodePart(p));
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(MimiContent.encodePart(this));
        }
    }

    /** Two or more nested parts related by {@code semantics}. */
    record MultiPart(int disposition, String language, PartSemantics semantics, List<NestedPart> parts)
            implements NestedPart {
        public MultiPart {
            checkCommon(disposition, language);
            Objects.requireNonNull(semantics, "semantics");
            parts = List.copyOf(parts);
            if (parts.size() < 2) {
                throw new IllegalArgumentException("a multipart has at least 2 parts, got " + parts.size());
            }
        }
    }
}
