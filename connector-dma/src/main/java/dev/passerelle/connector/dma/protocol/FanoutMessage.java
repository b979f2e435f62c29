package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * FanoutMessage (section 5.5, {@code POST /notify/{roomId}}), as a follower receives it: the hub's acceptance time
 * and one MLSMessage with what goes with it. The draft selects on a {@code protocol} field the struct does not
 * have (the room's protocol, mls10, is implied, as for UpdateRequest) and on {@code message.wire_format} with
 * content-type labels; the selection used here is: a PrivateMessage (application) takes {@code optional<Frank>}, a
 * Welcome takes a RatchetTreeOption, a PublicMessage or SemiPrivateMessage proposal takes its moreProposals and a
 * commit takes the hub's stapled external proposals. A body may hold several FanoutMessages back to back.
 */
public record FanoutMessage(long timestamp, WireMessage message, Optional<Frank> frank,
        Optional<RatchetTreeOption> ratchetTreeOption, List<WireMessage> additionalProposals) {

    /** What the message is, which decides what follows it. */
    public enum Kind {
        /** A PrivateMessage carrying an application message. */
        APPLICATION,
        /** A Welcome. */
        WELCOME,
        /** A PublicMessage or SemiPrivateMessage proposal. */
        PROPOSAL,
        /** A PublicMessage or SemiPrivateMessage commit. */
        COMMIT
    }

    /** Checks the message is one a hub fans out and the parts present match its kind. */
    public FanoutMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(frank, "frank");
        Objects.requireNonNull(ratchetTreeOption, "ratchetTreeOption");
        additionalProposals = BodyReader.copy(additionalProposals, "additionalProposals");
        Kind kind = kindOf(message);
        if (frank.isPresent() && kind != Kind.APPLICATION) {
            throw new IllegalArgumentException("a frank only comes with an application message");
        }
        if (ratchetTreeOption.isPresent() != (kind == Kind.WELCOME)) {
            throw new IllegalArgumentException("a RatchetTreeOption comes exactly with a Welcome");
        }
        if (!additionalProposals.isEmpty() && kind != Kind.PROPOSAL && kind != Kind.COMMIT) {
            throw new IllegalArgumentException("additional proposals only come with a proposal or a commit");
        }
        for (WireMessage proposal : additionalProposals) {
            if (!proposal.isHandshake() || proposal.contentType().getAsInt() != WireMessage.PROPOSAL) {
                throw new IllegalArgumentException(
                        "additional proposals are PublicMessage or SemiPrivateMessage proposals");
            }
        }
    }

    /** An application message, franked or not. */
    public static FanoutMessage application(long timestamp, WireMessage message, Optional<Frank> frank) {
        return new FanoutMessage(timestamp, message, frank, Optional.empty(), List.of());
    }

    /** A Welcome and how to get the ratchet tree. */
    public static FanoutMessage welcome(long timestamp, WireMessage welcome, RatchetTreeOption ratchetTreeOption) {
        return new FanoutMessage(timestamp, welcome, Optional.empty(), Optional.of(ratchetTreeOption), List.of());
    }

    /** A proposal and the moreProposals of the UpdateRequest that brought it. */
    public static FanoutMessage proposal(long timestamp, WireMessage proposal, List<WireMessage> moreProposals) {
        return new FanoutMessage(timestamp, proposal, Optional.empty(), Optional.empty(), moreProposals);
    }

    /** A commit and, after an external commit, the hub's replacement proposals for the new epoch. */
    public static FanoutMessage commit(long timestamp, WireMessage commit, List<WireMessage> externalProposals) {
        return new FanoutMessage(timestamp, commit, Optional.empty(), Optional.empty(), externalProposals);
    }

    /** What the message is. */
    public Kind kind() {
        return kindOf(message);
    }

    private static Kind kindOf(WireMessage message) {
        if (message.wireFormat() == MlsMessage.WELCOME) {
            return Kind.WELCOME;
        }
        if (message.wireFormat() == MlsMessage.PRIVATE_MESSAGE
                && message.contentType().getAsInt() == WireMessage.APPLICATION) {
            return Kind.APPLICATION;
        }
        if (message.isHandshake()) {
            return message.contentType().getAsInt() == WireMessage.COMMIT ? Kind.COMMIT : Kind.PROPOSAL;
        }
        throw new IllegalArgumentException("a FanoutMessage carries an application PrivateMessage, a Welcome, or a "
                + "PublicMessage or SemiPrivateMessage handshake, not wire format " + message.wireFormat()
                + " content type " + message.contentType());
    }

    /** Writes one FanoutMessage. */
    public void encode(TlsWriter out) {
        out.uint64(timestamp);
        message.encode(out);
        Kind kind = kind();
        if (kind == Kind.APPLICATION) {
            out.optional(frank, (w, f) -> f.encode(w));
        } else if (kind == Kind.WELCOME) {
            ratchetTreeOption.get().encode(out);
        } else {
            out.vector(additionalProposals, (w, m) -> m.encode(w));
        }
    }

    /** The encoded FanoutMessage. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Several FanoutMessages back to back, as one notify body. */
    public static byte[] toBytes(List<FanoutMessage> messages) {
        TlsWriter out = new TlsWriter();
        messages.forEach(m -> m.encode(out));
        return out.toByteArray();
    }

    /** Reads a body holding exactly one FanoutMessage. */
    public static FanoutMessage decode(byte[] body) {
        return BodyReader.decode(body, "FanoutMessage", FanoutMessage::decode);
    }

    /** Reads a notify body: one or more FanoutMessages back to back (an empty body is refused). */
    public static List<FanoutMessage> decodeAll(byte[] body) {
        return BodyReader.decode(body, "notify", in -> {
            List<FanoutMessage> messages = new ArrayList<>();
            int size = body.length;
            do {
                messages.add(in.field("FanoutMessage[" + messages.size() + "]", FanoutMessage::decode));
            } while (in.offset() < size);
            return messages;
        });
    }

    static FanoutMessage decode(BodyReader in) {
        long timestamp = in.uint64("timestamp");
        WireMessage message = in.field("message", r -> {
            WireMessage m = WireMessage.read(r);
            kindOf(m);
            return m;
        });
        Kind kind = kindOf(message);
        if (kind == Kind.APPLICATION) {
            return application(timestamp, message, in.optional("frank", Frank::decode));
        }
        if (kind == Kind.WELCOME) {
            return welcome(timestamp, message, RatchetTreeOption.decode(in, "ratchetTreeOption"));
        }
        if (kind == Kind.PROPOSAL) {
            return proposal(timestamp, message, in.vector("moreProposals", WireMessage::read));
        }
        return commit(timestamp, message, in.vector("externalProposals", WireMessage::read));
    }
}
