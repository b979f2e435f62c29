package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** IdentifierResponse (section 5.8): the query's outcome, the matching URIs and the profiles found. */
public record IdentifierResponse(Code responseCode, List<IdentifierUri> uris, List<UserProfile> foundProfiles,
        AppDataDictionary idResponseExtensions) {

    /** IdentifierQueryCode. */
    public enum Code implements Coded {
        /** At least one match. */
        SUCCESS(0),
        /** Acceptable, but nothing matched. */
        NOT_FOUND(1),
        /** More fields must match exactly. */
        AMBIGUOUS(2),
        /** Not allowed (this endpoint, or this combination of fields). */
        FORBIDDEN(3),
        /** A queried field is not supported. */
        UNSUPPORTED_FIELD(4);

        private final int code;

        Code(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** FieldSource: where a profile field's name comes from. */
    public enum FieldSource implements Coded {
        /** An OIDC standard claim. */
        OIDC_STD_CLAIM(7),
        /** A vCard property. */
        VCARD_FIELD(8);

        private final int code;

        FieldSource(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** ProfileField; {@code string fieldName} is read as {@code opaque<V>} holding UTF-8. */
    public record ProfileField(FieldSource fieldSource, String fieldName, Opaque fieldValue) {

        /** Checks presence. */
        public ProfileField {
            Objects.requireNonNull(fieldSource, "fieldSource");
            Objects.requireNonNull(fieldName, "fieldName");
            Objects.requireNonNull(fieldValue, "fieldValue");
        }

        void encode(TlsWriter out) {
            out.uint8(fieldSource.code()).opaque(fieldName.getBytes(StandardCharsets.UTF_8))
                    .opaque(fieldValue.bytes());
        }

        static ProfileField decode(BodyReader in) {
            return new ProfileField(in.code("fieldSource", FieldSource.values()), in.utf8("fieldName"),
                    in.opaque("fieldValue"));
        }
    }

    /** UserProfile: a user's stable URI and the fields shown. */
    public record UserProfile(IdentifierUri stableUri, List<ProfileField> fields) {

        /** Checks presence and copies the list. */
        public UserProfile {
            Objects.requireNonNull(stableUri, "stableUri");
            fields = BodyReader.copy(fields, "fields");
        }

        void encode(TlsWriter out) {
            stableUri.encode(out);
            out.vector(fields, (w, f) -> f.encode(w));
        }

        static UserProfile decode(BodyReader in) {
            return new UserProfile(IdentifierUri.decode(in, "stableUri"), in.vector("fields", ProfileField::decode));
        }
    }

    /** Checks presence; only success lists matches. */
    public IdentifierResponse {
        Objects.requireNonNull(responseCode, "responseCode");
        uris = BodyReader.copy(uris, "uris");
        foundProfiles = BodyReader.copy(foundProfiles, "foundProfiles");
        Objects.requireNonNull(idResponseExtensions, "idResponseExtensions");
        if (responseCode != Code.SUCCESS && (!uris.isEmpty() || !foundProfiles.isEmpty())) {
            throw new IllegalArgumentException("only success lists matches, not " + responseCode);
        }
    }

    /** A failed query: {@code responseCode} with no matches. */
    public static IdentifierResponse failed(Code responseCode) {
        return new IdentifierResponse(responseCode, List.of(), List.of(), AppDataDictionary.empty());
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        out.uint8(responseCode.code());
        out.vector(uris, (w, u) -> u.encode(w));
        out.vector(foundProfiles, (w, p) -> p.encode(w));
        idResponseExtensions.encode(out);
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static IdentifierResponse decode(byte[] body) {
        return BodyReader.decode(body, "IdentifierResponse", in -> new IdentifierResponse(
                in.code("responseCode", Code.values()), in.vector("uri", r -> IdentifierUri.decode(r, "uri")),
                in.vector("foundProfiles", UserProfile::decode), AppDataDictionary.decode(in, "idResponseExtensions")));
    }
}
