package dev.passerelle.core.address;

/** A MIMI room, {@code mimi://provider.example/r/room} (draft-ietf-mimi-arch); the provider is lower-cased. */
public record MimiRoomUri(String provider, String room) implements Address {

    public MimiRoomUri {
        provider = MimiGrammar.provider(provider);
        MimiGrammar.name(room, "room");
    }

    @Override
    public Network network() {
        return Network.MIMI;
    }

    @Override
    public String toUri() {
        return MimiUri.print(provider, "r", room);
    }

    @Override
    public String toString() {
        return toUri();
    }
}
