package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * AbuseReport (section 5.9, {@code POST /reportAbuse/{roomId}}, no response body). The reporter is optional in
 * the prose but not in the struct: an empty URI means the reporter is not disclosed. AbuseType defines only
 * reserved(0) and no taxonomy yet, so the reason code is carried as its uint8 value, unchecked.
 */
public record AbuseReport(IdentifierUri reportingUser, IdentifierUri allegedAbuserUri, int reasonCode, String note,
        List<AbusiveMessage> messages, AppDataDictionary abuseExtensions) {

    /** AbusiveMessage: a message's content as the reporter decrypted it, with its frank and acceptance time. */
    public record AbusiveMessage(Opaque messageContent, Frank frank, long acceptedTimestamp) {

        /** Checks presence. */
        public AbusiveMessage {
            Objects.requireNonNull(messageContent, "messageContent");
            Objects.requireNonNull(frank, "frank");
        }

        void encode(TlsWriter out) {
            out.opaque(messageContent.bytes());
            frank.encode(out);
            out.uint64(acceptedTimestamp);
        }

        static AbusiveMessage decode(BodyReader in) {
            return new AbusiveMessage(in.opaque("messageContent"), in.field("frank", Frank::decode),
                    in.uint64("acceptedTimestamp"));
        }
    }

    /** Checks presence and the reason code's range. */
    public AbuseReport {
        Objects.requireNonNull(reportingUser, "reportingUser");
        Objects.requireNonNull(allegedAbuserUri, "allegedAbuserUri");
        if (reasonCode < 0 || reasonCode > 0xff) {
            throw new IllegalArgumentException("reasonCode must be a uint8, got " + reasonCode);
        }
        Objects.requireNonNull(note, "note");
        messages = BodyReader.copy(messages, "messages");
        Objects.requireNonNull(abuseExtensions, "abuseExtensions");
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        reportingUser.encode(out);
        allegedAbuserUri.encode(out);
        out.uint8(reasonCode).opaque(note.getBytes(StandardCharsets.UTF_8));
        out.vector(messages, (w, m) -> m.encode(w));
        abuseExtensions.encode(out);
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static AbuseReport decode(byte[] body) {
        return BodyReader.decode(body, "AbuseReport", in -> new AbuseReport(IdentifierUri.decode(in, "reportingUser"),
                IdentifierUri.decode(in, "allegedAbuserUri"), in.uint8("reasonCode"), in.utf8("note"),
                in.vector("messages", AbusiveMessage::decode), AppDataDictionary.decode(in, "abuseExtensions")));
    }
}
