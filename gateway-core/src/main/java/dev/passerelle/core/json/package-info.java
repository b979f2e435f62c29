/**
 * The versioned JSON form of canonical events ({@link dev.passerelle.core.json.EventJson}), used by the
 * delivery journal so that journals written by one release are read by the next.
 *
 * <h2>Format version 1</h2>
 *
 * <p>One UTF-8 JSON object per event, at most 1 MiB and 12 levels deep. Fields appear in this order, and
 * optional fields are omitted when empty (an empty string is a value, not an absence), so every event has
 * exactly one encoding:
 *
 * <pre>{@code
 * {"v":1,"type":"message.sent","id":"5f0c…-…","origin":{"network":"matrix","id":"$ev1"},
 *  "sender":"matrix:u/alice:example.org","conversation":"matrix:roomid/room:example.org",
 *  "ts":"2024-05-01T10:15:30.123456789Z",
 *  "content":{"text":"hi","html":"<b>hi</b>","attachments":[{"uri":"mxc://example.org/abc",
 *  "mediaType":"image/png","size":1024,"name":"a.png","width":64,"height":48,"sha256":"…"}],
 *  "replyTo":"…uuid…"}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code v}: the format version, an integer. Readers refuse versions they do not know.
 *   <li>{@code type}: {@code message.sent}, {@code message.edited}, {@code message.retracted},
 *       {@code reaction.added}, {@code reaction.removed}, {@code chat.state}, {@code read.marker},
 *       {@code presence}, {@code membership}, {@code profile} or {@code room.metadata}.
 *   <li>Header, on every type: {@code id} (the gateway event id, a UUID), {@code origin} ({@code network}:
 *       {@code xmpp}, {@code matrix} or {@code mimi}; {@code id}: the native id there), {@code sender} and
 *       {@code conversation} (address URIs as printed by {@code Address.toUri()}), {@code ts} (ISO-8601
 *       instant in UTC, with up to nine fraction digits, so nanoseconds round-trip).
 *   <li>{@code message.sent}: {@code content}. {@code message.edited}: {@code target}, {@code newContent}.
 *       {@code message.retracted}: {@code target}, optional {@code reason}. {@code reaction.added}:
 *       {@code target}, {@code key}. {@code reaction.removed}: {@code target}, {@code reaction}, {@code key}.
 *       {@code chat.state}: {@code state} ({@code active}, {@code composing}, {@code paused},
 *       {@code inactive}, {@code gone}). {@code read.marker}: {@code upTo}. {@code presence}:
 *       {@code availability} ({@code online}, {@code away}, {@code extended_away}, {@code do_not_disturb},
 *       {@code offline}), optional {@code status}. {@code membership}: {@code member} (address URI),
 *       {@code membership} ({@code join}, {@code leave}, {@code invite}, {@code kick}, {@code ban}), optional
 *       {@code reason}. {@code profile}: optional {@code displayName}, {@code avatar} (URI).
 *       {@code room.metadata}: optional {@code name}, {@code topic}, {@code avatar} (URI). Event references
 *       ({@code target}, {@code reaction}, {@code upTo}, {@code replyTo}) are gateway event ids.
 *   <li>Message content: {@code text} (always, possibly empty), optional {@code html} (sanitised; readers
 *       sanitise it again), optional {@code attachments} (each: {@code uri}, {@code mediaType}, optional
 *       {@code size}, {@code name}, {@code width}, {@code height}, {@code sha256}), optional {@code replyTo}.
 * </ul>
 *
 * <p>Reading is strict: a missing or mistyped field, an unknown type or enum value, duplicate keys or trailing
 * data raise an {@link dev.passerelle.core.json.EventJsonException} naming the JSON path. Unknown fields are
 * ignored, so a release may add optional fields within version 1. Any other change (renaming, retyping or
 * removing a field, changing a name above) needs version 2, with a new writer and a new reader added next to
 * the version 1 reader, which stays. The golden files under {@code src/test/resources/json/v1} pin the
 * version 1 bytes: a test reads each and writes it back byte for byte.
 */
package dev.passerelle.core.json;
