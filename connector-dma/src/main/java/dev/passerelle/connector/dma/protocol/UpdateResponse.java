package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * UpdateRoomResponse (section 5.3): accepted with the hub's timestamp, or refused: wrong epoch (with the room's
 * current epoch), not allowed, or invalid proposals (their ProposalRefs). {@code string} in the draft is read as
 * {@code opaque<V>} holding UTF-8.
 */
public record UpdateResponse(Code responseCode, String errorDescription, OptionalLong acceptedTimestamp,
        OptionalLong currentEpoch, List<Opaque> invalidProposals) {

    /** UpdateResponseCode. */
    public enum Code implements Coded {
        /** Accepted, will be fanned out. */
        SUCCESS(0),
        /** The hub is at another epoch. */
        WRONG_EPOCH(1),
        /** Policy or authorisation refused it. */
        NOT_ALLOWED(2),
        /** At least one proposal is invalid. */
        INVALID_PROPOSAL(3);

        private final int code;

        Code(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** Checks the code-specific part is present exactly for its code. */
    public UpdateResponse {
        Objects.requireNonNull(responseCode, "responseCode");
        Objects.requireNonNull(errorDescription, "errorDescription");
        Objects.requireNonNull(acceptedTimestamp, "acceptedTimestamp");
        Objects.requireNonNull(currentEpoch, "currentEpoch");
        invalidProposals = BodyReader.copy(invalidProposals, "invalidProposals");
        if (acceptedTimestamp.isPresent() != (responseCode == Code.SUCCESS)) {
            throw new IllegalArgumentException("accepted_timestamp is present exactly with success");
        }
        if (currentEpoch.isPresent() != (responseCode == Code.WRONG_EPOCH)) {
            throw new IllegalArgumentException("currentEpoch is present exactly with wrongEpoch");
        }
        if (!invalidProposals.isEmpty() && responseCode != Code.INVALID_PROPOSAL) {
            throw new IllegalArgumentException("invalidProposals only comes with invalidProposal");
        }
    }

    /** Accepted at {@code acceptedTimestamp} (milliseconds since the UNIX epoch). */
    public static UpdateResponse success(long acceptedTimestamp) {
        return new UpdateResponse(Code.SUCCESS, "", OptionalLong.of(acceptedTimestamp), OptionalLong.empty(),
                List.of());
    }

    /** The hub's group is at {@code currentEpoch}. */
    public static UpdateResponse wrongEpoch(long currentEpoch, String errorDescription) {
        return new UpdateResponse(Code.WRONG_EPOCH, errorDescription, OptionalLong.empty(),
                OptionalLong.of(currentEpoch), List.of());
    }

    /** Refused by policy. */
    public static UpdateResponse notAllowed(String errorDescription) {
        return new UpdateResponse(Code.NOT_ALLOWED, errorDescription, OptionalLong.empty(), OptionalLong.empty(),
                List.of());
    }

    /** Some proposals are invalid: their ProposalRefs. */
    public static UpdateResponse invalidProposal(List<Opaque> invalidProposals, String errorDescription) {
        return new UpdateResponse(Code.INVALID_PROPOSAL, errorDescription, OptionalLong.empty(), OptionalLong.empty(),
                invalidProposals);
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        out.uint8(responseCode.code()).opaque(errorDescription.getBytes(StandardCharsets.UTF_8));
        acceptedTimestamp.ifPresent(out::uint64);
        currentEpoch.ifPresent(out::uint64);
        if (responseCode == Code.INVALID_PROPOSAL) {
            out.vector(invalidProposals, (w, ref) -> w.opaque(ref.bytes()));
        }
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static UpdateResponse decode(byte[] body) {
        return BodyReader.decode(body, "UpdateRoomResponse", in -> {
            Code code = in.code("responseCode", Code.values());
            String description = in.utf8("errorDescription");
            if (code == Code.SUCCESS) {
                return new UpdateResponse(code, description, OptionalLong.of(in.uint64("acceptedTimestamp")),
                        OptionalLong.empty(), List.of());
            }
            if (code == Code.WRONG_EPOCH) {
                return wrongEpoch(in.uint64("currentEpoch"), description);
            }
            if (code == Code.INVALID_PROPOSAL) {
                return invalidProposal(in.vector("invalidProposals", r -> r.opaque("proposalRef")), description);
            }
            return notAllowed(description);
        });
    }
}
