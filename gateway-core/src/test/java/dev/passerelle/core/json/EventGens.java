package dev.passerelle.core.json;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

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
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.event.SafeHtml;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators for canonical events: every type, optional fields present and absent, texts from the
 * whole of UTF-16 (unpaired surrogates included), attachments with and without each field.
 */
final class EventGens {
    /** Share of plain optional fields left absent; high enough that every absent field is met many times a run. */
    private static final int PERCENT_ABSENT = 20;
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private EventGens() {
    }

    /** The fields every event shares. */
    record Header(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp) {
    }

    static Gen<Event> events() {
        return oneOf(List.of(messageSent(), messageEdited(), messageRetracted(), reactionAdded(), reactionRemoved(),
                chatState(), readMarker(), presence(), membership(), role(), profile(), roomMetadata()));
    }

    static Gen<Event> messageSent() {
        return headers().zip(contents(), (h, content) -> new MessageSent(h.id(), h.origin(), h.sender(),
                h.conversation(), h.timestamp(), content));
    }

    static Gen<Event> messageEdited() {
        return headers().zip(eventIds(), contents(), (h, target, content) -> new MessageEdited(h.id(), h.origin(),
                h.sender(), h.conversation(), h.timestamp(), target, content));
    }

    static Gen<Event> messageRetracted() {
        return headers().zip(eventIds(), optional(texts()), (h, target, reason) -> new MessageRetracted(h.id(),
                h.origin(), h.sender(), h.conversation(), h.timestamp(), target, reason));
    }

    static Gen<Event> reactionAdded() {
        return headers().zip(eventIds(), reactionKeys(), (h, target, key) -> new ReactionAdded(h.id(), h.origin(),
                h.sender(), h.conversation(), h.timestamp(), target, key));
    }

    static Gen<Event> reactionRemoved() {
        return headers().zip(eventIds(), eventIds(), reactionKeys(), (h, target, reaction, key) ->
                new ReactionRemoved(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(), target,
                        reaction, key));
    }

    static Gen<Event> chatState() {
        return headers().zip(Generate.enumValues(ChatStateChanged.State.class), (h, state) ->
                new ChatStateChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(), state));
    }

    static Gen<Event> readMarker() {
        return headers().zip(eventIds(), (h, upTo) -> new ReadMarker(h.id(), h.origin(), h.sender(),
                h.conversation(), h.timestamp(), upTo));
    }

    static Gen<Event> presence() {
        return headers().zip(Generate.enumValues(PresenceChanged.Availability.class), optional(texts()),
                (h, availability, status) -> new PresenceChanged(h.id(), h.origin(), h.sender(), h.conversation(),
                        h.timestamp(), availability, status));
    }

    static Gen<Event> membership() {
        Gen<MembershipChanged.Membership> memberships = Generate.enumValues(MembershipChanged.Membership.class);
        Gen<Optional<String>> reasons = optional(texts());
        // The member lives on the same network as the header, so the network is drawn once for both.
        return prng -> {
            Network network = networks().generate(prng);
            Header h = headers(network).generate(prng);
            return new MembershipChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                    users(network).generate(prng), memberships.generate(prng), reasons.generate(prng));
        };
    }

    static Gen<Event> role() {
        Gen<Role> roles = Generate.enumValues(Role.class);
        // As for membership, the member is drawn on the header's network.
        return prng -> {
            Network network = networks().generate(prng);
            Header h = headers(network).generate(prng);
            return new RoleChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(),
                    users(network).generate(prng), roles.generate(prng));
        };
    }

    static Gen<Event> profile() {
        return headers().zip(optional(texts()), optional(avatarUris()), (h, name, avatar) ->
                new ProfileChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(), name, avatar));
    }

    static Gen<Event> roomMetadata() {
        return headers().zip(optional(texts()), optional(texts()), optional(avatarUris()), (h, name, topic, avatar) ->
                new RoomMetadataChanged(h.id(), h.origin(), h.sender(), h.conversation(), h.timestamp(), name, topic,
                        avatar));
    }

    static Gen<Header> headers() {
        return prng -> headers(networks().generate(prng)).generate(prng);
    }

    static Gen<Header> headers(Network network) {
        Gen<EventId> ids = eventIds();
        Gen<NativeId> nativeIds = nativeIds();
        Gen<Address> senders = users(network);
        Gen<Address> conversations = conversations(network);
        Gen<Instant> instants = instants();
        return prng -> new Header(ids.generate(prng), new Origin(network, nativeIds.generate(prng)),
                senders.generate(prng), conversations.generate(prng), instants.generate(prng));
    }

    static Gen<MessageContent> contents() {
        return texts().zip(optional(html(), 60), lists().of(attachments()).ofSizeBetween(0, 3),
                optional(eventIds(), 70), MessageContent::new);
    }

    static Gen<Attachment> attachments() {
        Gen<String> mediaTypes = Generate.pick(List.of("image/png", "image/jpeg", "video/mp4", "audio/ogg",
                "application/octet-stream", "text/plain; charset=utf-8"));
        // The bounds themselves are drawn on purpose: a uniform draw would almost never reach them.
        Gen<Long> sizeValues = oneOf(List.of(Generate.pick(List.of(0L, 1L, Long.MAX_VALUE)),
                longs().between(0, Long.MAX_VALUE)));
        Gen<OptionalLong> sizes = optional(sizeValues)
                .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
        Gen<Integer> dimensionValues = oneOf(List.of(Generate.pick(List.of(0, 1, 100_000)),
                integers().between(0, 100_000)));
        Gen<OptionalInt> dimensions = optional(dimensionValues)
                .map(o -> o.map(OptionalInt::of).orElse(OptionalInt.empty()));
        Gen<Optional<String>> hashes = optional(strings(charsOf("0123456789abcdef"), 64, 64));
        Gen<URI> uris = mediaUris();
        Gen<Optional<String>> names = optional(texts());
        return prng -> new Attachment(uris.generate(prng), mediaTypes.generate(prng), sizes.generate(prng),
                names.generate(prng), dimensions.generate(prng), dimensions.generate(prng), hashes.generate(prng));
    }

    /** Sanitised HTML, as connectors produce it; the codec re-sanitises on reading, which must change nothing. */
    static Gen<SafeHtml> html() {
        Gen<String> fragment = oneOf(List.of(
                texts(),
                Generate.pick(List.of("<b>", "</b>", "<i>", "</i>", "<p>", "</p>", "<br>", "<ul><li>", "</li></ul>",
                        "<a href=\"https://example.org/x?a=1&b=2\">", "</a>", "<code class=\"language-java\">",
                        "</code>", "<span data-mx-spoiler=\"why\">", "</span>", "<img src=\"mxc://example.org/m\">",
                        "<script>alert(1)</script>", "<table><tr><td>", "<blockquote>", "&amp;", "&lt;"))));
        return lists().of(fragment).ofSizeBetween(0, 8)
                .map(parts -> HtmlSanitizer.sanitize(String.join("", parts)));
    }

    static Gen<String> texts() {
        return oneOf(List.of(
                strings(anyChar(), 0, 60),
                strings(charsOf(ALPHANUMERIC + " \n\t\"\\/<>&'"), 0, 60),
                Generate.pick(List.of("", " ", "héllo wörld", "こんにちは", "👋🏽 hi", "🏳️‍🌈",
                        "\u0000\u001f\u007f",
                        "\u2028\u2029", "\ud800", "x\udc00y", "\"quoted\" \\ back\\slash", "</script>"))));
    }

    static Gen<String> reactionKeys() {
        return oneOf(List.of(
                Generate.pick(List.of("👍", "❤️", "😂", "🎉", "+1", "👍🏽")),
                strings(anyChar(), 1, 10)));
    }

    static Gen<EventId> eventIds() {
        Gen<Long> bits = longs().all();
        return bits.zip(bits, (high, low) -> new EventId(new UUID(high, low)));
    }

    static Gen<NativeId> nativeIds() {
        return oneOf(List.of(
                strings(charsOf(ALPHANUMERIC + "$_-.:"), 1, 44).map(s -> "$" + s),
                strings(anyChar(), 1, 30)))
                .map(NativeId::new);
    }

    static Gen<Instant> instants() {
        Gen<Long> seconds = oneOf(List.of(Generate.pick(List.of(0L, 4_102_444_800L)),
                longs().between(0, 4_102_444_800L)));
        Gen<Integer> nanos = oneOf(List.of(
                Generate.constant(0),
                integers().between(0, 999).map(ms -> ms * 1_000_000),
                integers().between(0, 999_999).map(us -> us * 1_000),
                integers().between(0, 999_999_999)));
        return seconds.zip(nanos, Instant::ofEpochSecond);
    }

    static Gen<URI> mediaUris() {
        return oneOf(List.of(
                names().map(n -> URI.create("mxc://example.org/" + n)),
                names().map(n -> URI.create("https://files.example.com/up/" + n + ".png?sig=" + n + "&e=1")),
                names().map(n -> URI.create("https://provider.example/mimi/content/" + n + "#part"))));
    }

    static Gen<URI> avatarUris() {
        return mediaUris();
    }

    static Gen<Network> networks() {
        return Generate.enumValues(Network.class);
    }

    /** Users on {@code network}; the names stay within what every address grammar accepts unchanged. */
    static Gen<Address> users(Network network) {
        if (network == Network.XMPP) {
            return oneOf(List.of(
                    names().zip(domains(), Jid::of),
                    names().zip(names(), (room, nick) -> Jid.of(room, "conference.example.org").withResource(nick))));
        }
        if (network == Network.MATRIX) {
            return names().zip(domains(), MatrixUserId::new);
        }
        return domains().zip(names(), MimiUserUri::new);
    }

    /** Rooms and one-to-one conversations on {@code network}. */
    static Gen<Address> conversations(Network network) {
        if (network == Network.XMPP) {
            return oneOf(List.of(
                    names().map(room -> Jid.of(room, "conference.example.org")),
                    names().zip(domains(), Jid::of)));
        }
        if (network == Network.MATRIX) {
            return oneOf(List.of(
                    opaqueIds().zip(domains(), (opaque, server) -> new MatrixRoomId(opaque, Optional.of(server))),
                    names().zip(domains(), MatrixRoomAlias::new),
                    names().zip(domains(), MatrixUserId::new)));
        }
        return oneOf(List.of(
                domains().zip(names(), MimiRoomUri::new),
                domains().zip(names(), MimiUserUri::new)));
    }

    /** One of {@code gens}, each equally likely; a list rather than varargs keeps generic arrays out. */
    static <T> Gen<T> oneOf(List<Gen<T>> gens) {
        Gen<Integer> index = Generate.range(0, gens.size() - 1);
        return prng -> gens.get(index.generate(prng)).generate(prng);
    }

    /** {@code gen}'s values, absent {@value #PERCENT_ABSENT}% of the time. */
    static <T> Gen<Optional<T>> optional(Gen<T> gen) {
        return optional(gen, PERCENT_ABSENT);
    }

    static <T> Gen<Optional<T>> optional(Gen<T> gen, int percentAbsent) {
        return gen.toOptionals(percentAbsent);
    }

    /** Any UTF-16 code unit, lone surrogates and unassigned code points included. */
    static Gen<Character> anyChar() {
        return integers().between(Character.MIN_VALUE, Character.MAX_VALUE).map(c -> (char) c.intValue());
    }

    static Gen<Character> charsOf(String alphabet) {
        return Generate.pick(alphabet.chars().mapToObj(c -> (char) c).toList());
    }

    /** Strings of {@code min} to {@code max} UTF-16 code units drawn from {@code chars}. */
    static Gen<String> strings(Gen<Character> chars, int min, int max) {
        return lists().of(chars).ofSizeBetween(min, max).map(cs -> {
            StringBuilder text = new StringBuilder(cs.size());
            cs.forEach(text::append);
            return text.toString();
        });
    }

    private static Gen<String> names() {
        return strings(charsOf("abcdefghijklmnopqrstuvwxyz0123456789"), 1, 12);
    }

    private static Gen<String> opaqueIds() {
        return strings(charsOf(ALPHANUMERIC), 8, 18);
    }

    private static Gen<String> domains() {
        return Generate.pick(List.of("example.org", "example.net", "chat.example.com", "provider.example"));
    }
}
