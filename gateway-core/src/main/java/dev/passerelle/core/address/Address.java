package dev.passerelle.core.address;

/**
 * A user or room on one network, as a typed value. Printed with {@link #toUri()} in the network's
 * registered URI scheme; {@link Addresses#parse(String)} gives back an equal value.
 */
public sealed interface Address permits Jid, MatrixUserId, MatrixRoomId, MatrixRoomAlias, MimiUserUri, MimiRoomUri {

    /** The network this address lives on. */
    Network network();

    /** The URI form: {@code xmpp:...}, {@code matrix:...} or {@code mimi://...}. */
    String toUri();
}
