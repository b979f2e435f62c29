package dev.passerelle.core.address;

/** A MIMI user, {@code mimi://provider.example/u/name} (draft-ietf-mimi-arch); the provider is lower-cased. */
public record MimiUserUri(String provider, String user) implements Address {

    public MimiUserUri {
        provider = MimiGrammar.provider(provider);
        MimiGrammar.name(user, "user");
    }

    @Override
    public Network network() {
        return Network.MIMI;
    }

    @Override
    public String toUri() {
        return MimiUri.print(provider, "u", user);
    }

    @Override
    public String toString() {
        return toUri();
    }
}
