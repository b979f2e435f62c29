package dev.passerelle.core.json;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for canonical events: every type, optional fields present and absent, texts from the
 * whole of UTF-16 (unpaired surrogates included), attachments with and without each field.
 */
final class EventArbitraries {
    private EventArbitraries() {
    }

    /** The fields every event shares. */
    record Header(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp) {
    }

    static Arbitrary<Event> events() {
        return Arbitraries.oneOf(messageSent(), messageEdited(), messageRetracted(), reactionAdded(),
                reactionRemoved(), chatState(), readMarker(), presence(), membership(), profile(), roomMetadata());
    }

    static Arbitrary<Event> messageSent() {
        return Combinators.combine(headers(), contents())
                .as((h, content) -> new MessageSent(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                        content));
    }

    static Arbitrary<Event> messageEdited() {
        return Combinators.combine(headers(), eventIds(), contents())
                .as((h, target, content) -> new MessageEdited(h.id(), h.origin(), h.sender(), h.conversation(),
                        h.timestamp(), target, content));
    }

    static Arbitrary<Event> messageRetracted() {
        return Combinators.combine(headers(), eventIds(), texts().optional())
                .as((h, target, reason) -> new MessageRetracted(h.id(), h.origin(), h.sender(), h.conversation(),
                        h.timestamp(), target, reason));
    }

    static Arbitrary<Event> reactionAdded() {
        return Combinators.combine(headers(), eventIds(), reactionKeys())
                .as((h, target, key) -> new ReactionAdded(h.id(), h.origin(), h.sender(), h.conversation(),
                        h.timestamp(), target, key));
    }

    static Arbitrary<Event> reactionRemoved() {
        return Combinators.combine(headers(), eventIds(), eventIds(), reactionKeys())
                .as((h, target, reaction, key) -> new ReactionRemoved(h.id(), h.origin(), h.sender(),
                        h.conversation(), h.timestamp(), target, reaction, key));
    }

    static Arbitrary<Event> chatState() {
        return Combinators.combine(headers(), Arbitraries.of(ChatStateChanged.State.class))
                .as((h, state) -> new ChatStateChanged(h.id(), h.origin(), h.sender(), h.conversation(),
                        h.timestamp(), state));
    }

    static Arbitrary<Event> readMarker() {
        return Combinators.combine(headers(), eventIds())
                .as((h, upTo) -> new ReadMarker(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                        upTo));
    }

    static Arbitrary<Event> presence() {
        return Combinators.combine(headers(), Arbitraries.of(PresenceChanged.Availability.class), texts().optional())
                .as((h, availability, status) -> new PresenceChanged(h.id(), h.origin(), h.sender(),
                        h.conversation(), h.timestamp(), availability, status));
    }

    static Arbitrary<Event> membership() {
        return networks().flatMap(network -> Combinators.combine(headers(network), users(network),
                        Arbitraries.of(MembershipChanged.Membership.class), texts().optional())
                .as((h, member, membership, reason) -> new MembershipChanged(h.id(), h.origin(), h.sender(),
                        h.conversation(), h.timestamp(), member, membership, reason)));
    }

    static Arbitrary<Event> profile() {
        return Combinators.combine(headers(), texts().optional(), avatarUris().optional())
                .as((h, name, avatar) -> new ProfileChanged(h.id(), h.origin(), h.sender(), h.conversation(),
                        h.timestamp(), name, avatar));
    }

    static Arbitrary<Event> roomMetadata() {
        return Combinators.combine(headers(), texts().optional(), texts().optional(), avatarUris().optional())
                .as((h, name, topic, avatar) -> new RoomMetadataChanged(h.id(), h.origin(), h.sender(),
                        h.conversation(), h.timestamp(), name, topic, avatar));
    }

    static Arbitrary<Header> headers() {
        return networks().flatMap(EventArbitraries::headers);
    }

    static Arbitrary<Header> headers(Network network) {
        return Combinators.combine(eventIds(), nativeIds(), users(network), conversations(network), instants())
                .as((id, nativeId, sender, conversation, ts) ->
                        new Header(id, new Origin(network, nativeId), sender, conversation, ts));
    }

    static Arbitrary<MessageContent> contents() {
        return Combinators.combine(texts(), html().optional(0.4), attachments().list().ofMaxSize(3),
                        eventIds().optional(0.3))
                .as(MessageContent::new);
    }

    static Arbitrary<Attachment> attachments() {
        Arbitrary<String> mediaTypes = Arbitraries.of("image/png", "image/jpeg", "video/mp4", "audio/ogg",
                "application/octet-stream", "text/plain; charset=utf-8");
        Arbitrary<OptionalLong> sizes = Arbitraries.longs().between(0, Long.MAX_VALUE).optional()
                .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
        Arbitrary<OptionalInt> dimensions = Arbitraries.integers().between(0, 100_000).optional()
                .map(o -> o.map(OptionalInt::of).orElse(OptionalInt.empty()));
        Arbitrary<Optional<String>> hashes = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
                .optional();
        return Combinators.combine(mediaUris(), mediaTypes, sizes, texts().optional(), dimensions, dimensions, hashes)
                .as(Attachment::new);
    }

    /** Sanitised HTML, as connectors produce it; the codec re-sanitises on reading, which must change nothing. */
    static Arbitrary<SafeHtml> html() {
        Arbitrary<String> fragment = Arbitraries.oneOf(
                texts(),
                Arbitraries.of("<b>", "</b>", "<i>", "</i>", "<p>", "</p>", "<br>", "<ul><li>", "</li></ul>",
                        "<a href=\"https://example.org/x?a=1&b=2\">", "</a>", "<code class=\"language-java\">",
                        "</code>", "<span data-mx-spoiler=\"why\">", "</span>", "<img src=\"mxc://example.org/m\">",
                        "<script>alert(1)</script>", "<table><tr><td>", "<blockquote>", "&amp;", "&lt;"));
        return fragment.list().ofMaxSize(8).map(parts -> HtmlSanitizer.sanitize(String.join("", parts)));
    }

    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().alpha().numeric().withChars(" \n\t\"\\/<>&'").ofMaxLength(60),
                Arbitraries.of("", " ", "héllo wörld", "こんにちは", "👋🏽 hi", "🏳️‍🌈",
                        "\u0000\u001f\u007f",
                        "\u2028\u2029", "\ud800", "x\udc00y", "\"quoted\" \\ back\\slash", "</script>"));
    }

    static Arbitrary<String> reactionKeys() {
        return Arbitraries.oneOf(
                Arbitraries.of("👍", "❤️", "😂", "🎉", "+1", "👍🏽"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10));
    }

    static Arbitrary<EventId> eventIds() {
        return Arbitraries.longs().tuple2().map(t -> new EventId(new UUID(t.get1(), t.get2())));
    }

    static Arbitrary<NativeId> nativeIds() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars("$_-.:").ofMinLength(1).ofMaxLength(44)
                        .map(s -> "$" + s),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30))
                .map(NativeId::new);
    }

    static Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(0, 4_102_444_800L);
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    static Arbitrary<URI> mediaUris() {
        return Arbitraries.oneOf(
                names().map(n -> URI.create("mxc://example.org/" + n)),
                names().map(n -> URI.create("https://files.example.com/up/" + n + ".png?sig=" + n + "&e=1")),
                names().map(n -> URI.create("https://provider.example/mimi/content/" + n + "#part")));
    }

    static Arbitrary<URI> avatarUris() {
        return mediaUris();
    }

    static Arbitrary<Network> networks() {
        return Arbitraries.of(Network.class);
    }

    /** Users on {@code network}; the names stay within what every address grammar accepts unchanged. */
    static Arbitrary<Address> users(Network network) {
        if (network == Network.XMPP) {
            return Arbitraries.oneOf(
                    Combinators.combine(names(), domains()).as(Jid::of),
                    Combinators.combine(names(), names())
                            .as((room, nick) -> Jid.of(room, "conference.example.org").withResource(nick)));
        }
        if (network == Network.MATRIX) {
            return Combinators.combine(names(), domains()).as(MatrixUserId::new);
        }
        return Combinators.combine(domains(), names()).as(MimiUserUri::new);
    }

    /** Rooms and one-to-one conversations on {@code network}. */
    static Arbitrary<Address> conversations(Network network) {
        if (network == Network.XMPP) {
            return Arbitraries.oneOf(
                    names().map(room -> Jid.of(room, "conference.example.org")),
                    Combinators.combine(names(), domains()).as(Jid::of));
        }
        if (network == Network.MATRIX) {
            return Arbitraries.oneOf(
                    Combinators.combine(opaqueIds(), domains())
                            .as((opaque, server) -> new MatrixRoomId(opaque, Optional.of(server))),
                    Combinators.combine(names(), domains()).as(MatrixRoomAlias::new),
                    Combinators.combine(names(), domains()).as(MatrixUserId::new));
        }
        return Arbitraries.oneOf(
                Combinators.combine(domains(), names()).as(MimiRoomUri::new),
                Combinators.combine(domains(), names()).as(MimiUserUri::new));
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12);
    }

    private static Arbitrary<String> opaqueIds() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(18);
    }

    private static Arbitrary<String> domains() {
        return Arbitraries.of("example.org", "example.net", "chat.example.com", "provider.example");
    }
}
