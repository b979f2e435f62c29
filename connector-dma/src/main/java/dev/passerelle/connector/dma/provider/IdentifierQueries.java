package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.protocol.AppDataDictionary;
import dev.passerelle.connector.dma.protocol.IdentifierRequest;
import dev.passerelle.connector.dma.protocol.IdentifierResponse;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * identifierQuery (protocol-06 section 5.8) for our domain: handle (the whole user URI), nick (the user part of a
 * {@code mimi://<our domain>/u/<nick>} URI) and phone (the opt-in {@link PhoneDirectory} only). Every element must
 * match (AND). Other search types answer unsupportedField; an empty query is forbidden. Unknown users and numbers
 * not opted in both answer notFound. Blocking.
 */
public final class IdentifierQueries {

    private final String ownDomain;
    private final UserDirectory users;
    private final PhoneDirectory phones;

    /** Queries about {@code ownDomain}'s users. */
    public IdentifierQueries(String ownDomain, UserDirectory users, PhoneDirectory phones) {
        if (ownDomain == null || users == null || phones == null) {
            throw new IllegalArgumentException("no argument may be null");
        }
        this.ownDomain = ownDomain;
        this.users = users;
        this.phones = phones;
    }

    /** Answers {@code request}. */
    public IdentifierResponse query(IdentifierRequest request) {
        if (request.queryElements().isEmpty()) {
            return IdentifierResponse.failed(IdentifierResponse.Code.FORBIDDEN);
        }
        Set<String> matches = null;
        for (IdentifierRequest.QueryElement element : request.queryElements()) {
            Optional<String> found;
            IdentifierRequest.SearchType type = element.searchType();
            if (type == IdentifierRequest.SearchType.HANDLE) {
                found = local(element.searchValue());
            } else if (type == IdentifierRequest.SearchType.NICK) {
                found = element.searchValue().isEmpty() || element.searchValue().contains("/") ? Optional.empty()
                        : local("mimi://" + ownDomain + "/u/" + element.searchValue());
            } else if (type == IdentifierRequest.SearchType.PHONE) {
                found = phones.lookup(element.searchValue());
            } else {
                return IdentifierResponse.failed(IdentifierResponse.Code.UNSUPPORTED_FIELD);
            }
            Set<String> these = new LinkedHashSet<>();
            found.ifPresent(these::add);
            if (matches == null) {
                matches = these;
            } else {
                matches.retainAll(these);
            }
        }
        if (matches.isEmpty()) {
            return IdentifierResponse.failed(IdentifierResponse.Code.NOT_FOUND);
        }
        return new IdentifierResponse(IdentifierResponse.Code.SUCCESS,
                matches.stream().map(IdentifierUri::new).toList(), List.of(), AppDataDictionary.empty());
    }

    private Optional<String> local(String userUri) {
        if (!MimiUris.tryDomainOf(userUri).map(ownDomain::equals).orElse(false)) {
            return Optional.empty();
        }
        return users.find(userUri).map(LocalUser::userUri);
    }
}
