/**
 * Typed addresses of users and rooms on each network, parsed from and printed to their URI schemes.
 * Normalisation happens once, at construction, so equal addresses are equal values and
 * {@code Addresses.parse(a.toUri()).equals(a)} holds for every address.
 *
 * <ul>
 *   <li>{@link dev.passerelle.core.address.Jid}: RFC 7622, in {@code xmpp:} URIs (RFC 5122). The localpart is
 *       case-folded and the domain lower-cased; without a PRECIS library this is an approximation, described
 *       on {@code JidGrammar}.</li>
 *   <li>{@link dev.passerelle.core.address.MatrixUserId}, {@link dev.passerelle.core.address.MatrixRoomAlias},
 *       {@link dev.passerelle.core.address.MatrixRoomId}: the Matrix identifier grammar, in {@code matrix:}
 *       URIs; case-sensitive and kept exactly, room version 12 room ids without a server included.</li>
 *   <li>{@link dev.passerelle.core.address.MimiUserUri}, {@link dev.passerelle.core.address.MimiRoomUri}:
 *       {@code mimi://provider/u/name} and {@code /r/name}; the provider is lower-cased, names are kept.</li>
 * </ul>
 *
 * <p>An invalid address is an {@link dev.passerelle.core.address.AddressException} whose {@code part()} is one
 * of: {@code scheme}, {@code uri} (the URI's structure or its percent-escapes), {@code localpart},
 * {@code domainpart}, {@code resourcepart} (XMPP), {@code sigil}, {@code server name}, {@code opaque id} and, for
 * the 255-byte limit on a whole identifier, {@code user id}, {@code room alias} or {@code room id} (Matrix),
 * {@code provider}, {@code user} or {@code room} (MIMI).
 */
package dev.passerelle.core.address;
