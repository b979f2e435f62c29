package dev.passerelle.core.address;

/** A MIMI room, {@code mimi://provider.example/r/room} (draft-ietf-mimi-arch). */
public record MimiRoomUri(String provider, String room) implements Address {

    public MimiRoomUri {
        MimiGrammar.check(provider, room, "room");
    }

    @Override
    public Network network() {
        return Network.MIMI;
    }

    @Override
    public String toUri() {
        return "mimi://" + provider + "/r/" + MimiGrammar.encodeSegment(room);
    }

    @Override
    public String toString() {
        return toUri();
    }
}
