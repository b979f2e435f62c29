package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * SubmitMessageResponse (section 5.4): accepted with the hub's timestamp (and a frank when the message asked for
 * one), not allowed, or epoch too old (with the room's current epoch). Protocol mls10. The draft selects on
 * {@code success}, a value SubmitResponseCode does not have: it is read as {@code accepted(0)}.
 */
public record SubmitMessageResponse(Code statusCode, OptionalLong acceptedTimestamp, Optional<Frank> frank,
        OptionalLong currentEpoch) {

    /** SubmitResponseCode. */
    public enum Code implements Coded {
        /** Accepted, will be fanned out. */
        ACCEPTED(0),
        /** Policy or authorisation refused it (an epoch newer than the hub's included). */
        NOT_ALLOWED(1),
        /** The hub has moved to a newer epoch. */
        EPOCH_TOO_OLD(2);

        private final int code;

        Code(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** Checks the code-specific parts are present exactly for their code. */
    public SubmitMessageResponse {
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(acceptedTimestamp, "acceptedTimestamp");
        Objects.requireNonNull(frank, "frank");
        Objects.requireNonNull(currentEpoch, "currentEpoch");
        if (acceptedTimestamp.isPresent() != (statusCode == Code.ACCEPTED)) {
            throw new IllegalArgumentException("accepted_timestamp is present exactly with accepted");
        }
        if (frank.isPresent() && statusCode != Code.ACCEPTED) {
            throw new IllegalArgumentException("a frank only comes with accepted");
        }
        if (currentEpoch.isPresent() != (statusCode == Code.EPOCH_TOO_OLD)) {
            throw new IllegalArgumentException("currentEpoch is present exactly with epochTooOld");
        }
    }

    /** Accepted at {@code acceptedTimestamp} (milliseconds since the UNIX epoch), franked or not. */
    public static SubmitMessageResponse accepted(long acceptedTimestamp, Optional<Frank> frank) {
        return new SubmitMessageResponse(Code.ACCEPTED, OptionalLong.of(acceptedTimestamp), frank,
                OptionalLong.empty());
    }

    /** Refused by policy. */
    public static SubmitMessageResponse notAllowed() {
        return new SubmitMessageResponse(Code.NOT_ALLOWED, OptionalLong.empty(), Optional.empty(),
                OptionalLong.empty());
    }

    /** The room is at {@code currentEpoch}. */
    public static SubmitMessageResponse epochTooOld(long currentEpoch) {
        return new SubmitMessageResponse(Code.EPOCH_TOO_OLD, OptionalLong.empty(), Optional.empty(),
                OptionalLong.of(currentEpoch));
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        Protocol.write(out);
        out.uint8(statusCode.code());
        if (statusCode == Code.ACCEPTED) {
            out.uint64(acceptedTimestamp.getAsLong());
            // Erratum: "optional Frank frank" read as optional<Frank>.
            out.optional(frank, (w, f) -> f.encode(w));
        }
        currentEpoch.ifPresent(out::uint64);
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static SubmitMessageResponse decode(byte[] body) {
        return BodyReader.decode(body, "SubmitMessageResponse", in -> {
            Protocol.read(in, "protocol");
            Code code = in.code("statusCode", Code.values());
            if (code == Code.ACCEPTED) {
                return accepted(in.uint64("acceptedTimestamp"), in.optional("frank", Frank::decode));
            }
            if (code == Code.EPOCH_TOO_OLD) {
                return epochTooOld(in.uint64("currentEpoch"));
            }
            return notAllowed();
        });
    }
}
