package dev.passerelle.connector.matrix.appservice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of one third-party protocol, as {@code GET /thirdparty/protocol/{protocol}} answers it:
 * the fields that identify a user and a location, how each field looks, and the protocol's instances.
 * Every field named in {@code userFields} or {@code locationFields} must have a {@link FieldType}.
 *
 * @param icon an {@code mxc://} URI
 */
public record ThirdPartyProtocol(List<String> userFields, List<String> locationFields, String icon,
        Map<String, FieldType> fieldTypes, List<Instance> instances) {

    public ThirdPartyProtocol {
        userFields = List.copyOf(Objects.requireNonNull(userFields, "userFields"));
        locationFields = List.copyOf(Objects.requireNonNull(locationFields, "locationFields"));
        Objects.requireNonNull(icon, "icon");
        fieldTypes = java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(fieldTypes, "fieldTypes")));
        instances = List.copyOf(Objects.requireNonNull(instances, "instances"));
        for (String field : userFields) {
            requireType(fieldTypes, field);
        }
        for (String field : locationFields) {
            requireType(fieldTypes, field);
        }
    }

    /** How the values of one field look: a (coarse) regex and an example. */
    public record FieldType(String regexp, String placeholder) {
        public FieldType {
            Objects.requireNonNull(regexp, "regexp");
            Objects.requireNonNull(placeholder, "placeholder");
        }
    }

    /**
     * One instance of the protocol (one XMPP service, one MIMI provider).
     *
     * @param fields preset field values clients may search with
     * @param networkId unique across all instances
     */
    public record Instance(String desc, Optional<String> icon, Map<String, String> fields, String networkId) {
        public Instance {
            Objects.requireNonNull(desc, "desc");
            Objects.requireNonNull(icon, "icon");
            fields = Map.copyOf(Objects.requireNonNull(fields, "fields"));
            Objects.requireNonNull(networkId, "networkId");
        }
    }

    static void requireId(String protocol) {
        if (protocol == null || protocol.isEmpty()) {
            throw new IllegalArgumentException("protocol id must not be empty");
        }
    }

    private static void requireType(Map<String, FieldType> types, String field) {
        if (!types.containsKey(field)) {
            throw new IllegalArgumentException("field '" + field + "' has no entry in fieldTypes");
        }
    }
}
