package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a protocol body over the MLS codec's {@link TlsReader} (which bounds every length by the bytes left before
 * allocating) and keeps the path of the field being read, so every refusal becomes a {@link ProtocolException}
 * naming that field. Codec failures and record validation failures are both translated; nothing else escapes.
 */
final class BodyReader {

    private final byte[] data;
    private final TlsReader reader;
    private final Deque<String> path = new ArrayDeque<>();

    private BodyReader(byte[] data) {
        this.data = data;
        this.reader = new TlsReader(data);
    }

    /** Decodes all of {@code body} as the structure {@code root}; trailing bytes are refused. */
    static <T> T decode(byte[] body, String root, Function<BodyReader, T> structure) {
        if (body == null) {
            throw new ProtocolException(root, "no body", 0, null);
        }
        BodyReader in = new BodyReader(body);
        return in.field(root, r -> {
            T value = structure.apply(r);
            r.reader.finish();
            return value;
        });
    }

    /** Reads the field {@code name} with {@code part}, translating any refusal into one naming the field. */
    <T> T field(String name, Function<BodyReader, T> part) {
        path.addLast(name);
        try {
            return part.apply(this);
        } catch (TlsDecodeException e) {
            throw new ProtocolException(path(), e.reason(), e.offset(), e);
        } catch (IllegalArgumentException e) {
            // A record refusing a decoded value (a rule of the draft, not of the wire syntax).
            throw new ProtocolException(path(), String.valueOf(e.getMessage()), reader.offset(), e);
        } finally {
            path.removeLast();
        }
    }

    /** Reads the field {@code name} with a decoder of the MLS packages. */
    <T> T mls(String name, Function<TlsReader, T> decoder) {
        return field(name, r -> decoder.apply(r.reader));
    }

    int uint8(String name) {
        return mls(name, TlsReader::uint8);
    }

    int uint16(String name) {
        return mls(name, TlsReader::uint16);
    }

    long uint64(String name) {
        return mls(name, TlsReader::uint64);
    }

    Opaque opaque(String name) {
        return mls(name, r -> Opaque.of(r.opaque()));
    }

    /** Exactly {@code length} bytes, as {@code opaque name[length]}. */
    Opaque fixed(String name, int length) {
        return mls(name, r -> Opaque.of(r.fixed(length)));
    }

    /** An {@code opaque<V>} holding UTF-8 text; malformed UTF-8 is refused. */
    String utf8(String name) {
        return field(name, r -> {
            int at = r.reader.offset();
            byte[] bytes = r.reader.opaque();
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new TlsDecodeException("malformed UTF-8", at);
            }
        });
    }

    /** A uint8 enum: a value the draft does not define is refused with the field's name. */
    <E extends Enum<E> & Coded> E code(String name, E[] values) {
        return field(name, r -> {
            int at = r.reader.offset();
            int code = r.reader.uint8();
            for (E value : values) {
                if (value.code() == code) {
                    return value;
                }
            }
            throw new TlsDecodeException("unknown " + values[0].getDeclaringClass().getSimpleName() + " " + code, at);
        });
    }

    /** A vector {@code T name<V>}; the path of an element is {@code name[i]}. */
    <T> List<T> vector(String name, Function<BodyReader, T> element) {
        return field(name, r -> {
            int[] index = {0};
            return r.reader.vector(t -> r.field("[" + index[0]++ + "]", element));
        });
    }

    /** An {@code optional<T>}. */
    <T> Optional<T> optional(String name, Function<BodyReader, T> element) {
        return field(name, r -> r.reader.optional(t -> element.apply(r)));
    }

    /** Current byte offset in the body. */
    int offset() {
        return reader.offset();
    }

    /** The body's bytes from {@code from} up to the current offset: what a nested decoder just consumed. */
    Opaque since(int from) {
        return Opaque.of(Arrays.copyOfRange(data, from, reader.offset()));
    }

    /** Refuses the current field with {@code reason}. */
    RuntimeException refuse(String reason, int at) {
        return new TlsDecodeException(reason, at);
    }

    private String path() {
        StringBuilder out = new StringBuilder();
        for (String part : path) {
            if (out.length() > 0 && !part.startsWith("[")) {
                out.append('.');
            }
            out.append(part);
        }
        return out.toString();
    }

    /** Checks {@code value} is a uint16 (a CipherSuite, ComponentID): for record constructors. */
    static int requireUint16(int value, String what) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(what + " must be a uint16, got " + value);
        }
        return value;
    }

    /** Immutable copy of a list, refusing nulls. */
    static <T> List<T> copy(List<T> list, String what) {
        if (list == null) {
            throw new NullPointerException(what);
        }
        return List.copyOf(list);
    }
}
