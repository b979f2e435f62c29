/**
 * Ghost naming: how a user or room of one network is addressed on another (DESIGN.md section 3).
 *
 * <p>{@link dev.passerelle.core.ghost.GhostNaming} turns a real address into the ghost (user) or portal (room)
 * address that stands for it on a target network, inside the spaces the gateway owns
 * ({@link dev.passerelle.core.ghost.GhostSpaces}), and reads such names back.
 *
 * <h2>The scheme</h2>
 * <ol>
 *   <li>The <em>source key</em> is a network tag followed by the full real address: {@code x} and the JID text
 *       for XMPP, {@code m} and the sigil form for Matrix, {@code i} and {@code provider/u|r/name} for MIMI.
 *       Because the tag is part of the name, {@code @alice:example.org} ({@code m@alice:example.org}) and
 *       {@code xmpp:alice@example.org} ({@code xalice@example.org}) never collide.</li>
 *   <li>The key is written in the target grammar:
 *     <ul>
 *       <li>XMPP localpart: upper-case {@code A-Z} become {@code _a}..{@code _z}, {@code _} becomes
 *           {@code __}; the XEP-0106 characters (space {@code " & ' / : < > @ \}) become {@code \20 \22 \26
 *           \27 \2f \3a \3c \3e \40 \5c} as in XEP-0106, and so does, byte by byte, everything that is not
 *           printable ASCII (non-ASCII as its UTF-8 bytes, {@code é} = {@code \c3\a9}). Unlike XEP-0106's own
 *           escaping this also escapes a leading or trailing space, which keeps the name reversible and the JID
 *           valid. The result is plain lower-case ASCII, which JID case-folding and NFKC leave alone, so
 *           case-sensitive sources (Matrix room v12 ids, historical Matrix user ids, MIMI names, JID resources)
 *           keep their case;</li>
 *       <li>Matrix localpart: the spec's "Mapping from other character sets" ({@code _} + lower case for
 *           upper case, {@code __} for {@code _}, {@code =xx} for any other byte outside {@code a-z 0-9 . -},
 *           {@code =} included), after the appservice prefix;</li>
 *       <li>MIMI name: the key itself; the URI percent-encodes it.</li>
 *     </ul></li>
 *   <li>Users become ghost users; rooms become portals: on Matrix an alias instead of a user id, on MIMI a
 *       {@code /r/} name instead of {@code /u/}, on XMPP a JID on the same domain (the key's sigil or kind tells
 *       them apart).</li>
 * </ol>
 * Each escaping has exactly one output per input and decoding accepts only that output, so the mapping is
 * injective and {@code realFor} is its exact inverse; anything else on our domain or prefix is not a ghost.
 * A real address whose name would break the target's limits (255 bytes for a Matrix id, 1023 for a JID
 * localpart) is refused with an {@link java.lang.IllegalArgumentException}.
 */
package dev.passerelle.core.ghost;
