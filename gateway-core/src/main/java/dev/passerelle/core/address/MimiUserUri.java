package dev.passerelle.core.address;

/** A MIMI user, {@code mimi://provider.example/u/name} (draft-ietf-mimi-arch). */
public record MimiUserUri(String provider, String user) implements Address {

    public MimiUserUri {
        MimiGrammar.check(provider, user, "user");
    }

    @Override
    public Network network() {
        return Network.MIMI;
    }

    @Override
    public String toUri() {
        return "mimi://" + provider + "/u/" + MimiGrammar.encodeSegment(user);
    }

    @Override
    public String toString() {
        return toUri();
    }
}
