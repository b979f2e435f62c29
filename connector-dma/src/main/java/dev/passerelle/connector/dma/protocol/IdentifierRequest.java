package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * IdentifierRequest (section 5.8, {@code POST /identifierQuery/{domain}}): query elements that must all match
 * (AND), and an extension dictionary.
 */
public record IdentifierRequest(List<QueryElement> queryElements, AppDataDictionary idRequestExtensions) {

    /** SearchIdentifierType. */
    public enum SearchType implements Coded {
        /** The whole handle URI, exactly. */
        HANDLE(1),
        /** The nickname or handle user part, exactly. */
        NICK(2),
        /** An RFC 5322 addr-spec, exactly. */
        EMAIL(3),
        /** An E.164 number with its "+", exactly. */
        PHONE(4),
        /** A case-insensitive substring of a name field. */
        PARTIAL_NAME(5),
        /** A substring of any searchable profile field. */
        WHOLE_PROFILE(6),
        /** An OIDC standard claim named by the element, exactly. */
        OIDC_STD_CLAIM(7),
        /** A vCard property named by the element, exactly. */
        VCARD_FIELD(8);

        private final int code;

        SearchType(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        /** Whether the element names a field (the claim or property name). */
        public boolean namesField() {
            return this == OIDC_STD_CLAIM || this == VCARD_FIELD;
        }
    }

    /**
     * QueryElement: what to search and the UTF-8 value. The draft selects on {@code type}; the field is
     * {@code searchType}, so that is what the claim or property name depends on.
     */
    public record QueryElement(SearchType searchType, Optional<String> fieldName, String searchValue) {

        /** Checks a field name is present exactly for oidcStdClaim and vcardField. */
        public QueryElement {
            Objects.requireNonNull(searchType, "searchType");
            Objects.requireNonNull(fieldName, "fieldName");
            Objects.requireNonNull(searchValue, "searchValue");
            if (fieldName.isPresent() != searchType.namesField()) {
                throw new IllegalArgumentException("a claim or property name comes exactly with oidcStdClaim and "
                        + "vcardField, not with " + searchType);
            }
        }

        /** A search on a type that names no field. */
        public static QueryElement of(SearchType searchType, String searchValue) {
            return new QueryElement(searchType, Optional.empty(), searchValue);
        }

        void encode(TlsWriter out) {
            out.uint8(searchType.code());
            fieldName.ifPresent(name -> out.opaque(name.getBytes(StandardCharsets.UTF_8)));
            out.opaque(searchValue.getBytes(StandardCharsets.UTF_8));
        }

        static QueryElement decode(BodyReader in) {
            SearchType type = in.code("searchType", SearchType.values());
            Optional<String> name = Optional.empty();
            if (type == SearchType.OIDC_STD_CLAIM) {
                name = Optional.of(in.utf8("claimName"));
            } else if (type == SearchType.VCARD_FIELD) {
                name = Optional.of(in.utf8("propertyName"));
            }
            return new QueryElement(type, name, in.utf8("searchValue"));
        }
    }

    /** Checks presence and copies the list. */
    public IdentifierRequest {
        queryElements = BodyReader.copy(queryElements, "queryElements");
        Objects.requireNonNull(idRequestExtensions, "idRequestExtensions");
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        out.vector(queryElements, (w, q) -> q.encode(w));
        idRequestExtensions.encode(out);
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static IdentifierRequest decode(byte[] body) {
        return BodyReader.decode(body, "IdentifierRequest", in -> new IdentifierRequest(
                in.vector("queryElements", QueryElement::decode),
                AppDataDictionary.decode(in, "idRequestExtensions")));
    }
}
