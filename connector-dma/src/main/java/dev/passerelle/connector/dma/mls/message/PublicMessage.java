package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Objects;
import java.util.Optional;

/** A PublicMessage (RFC 9420 section 6.2): signed content, with a membership tag when a member sends it. */
public record PublicMessage(FramedContent content, AuthData auth, Optional<byte[]> membershipTag) {

    /** Checks presence and copies the tag. */
    public PublicMessage {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(auth, "auth");
        membershipTag = Objects.requireNonNull(membershipTag, "membershipTag").map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> membershipTag() {
        return membershipTag.map(byte[]::clone);
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        content.encode(writer);
        auth.encode(writer);
        membershipTag.ifPresent(writer::opaque);
    }

    /** Reads the struct: a member sender's message carries a membership tag, others do not. */
    public static PublicMessage decode(TlsReader reader) {
        FramedContent content = FramedContent.decode(reader);
        AuthData auth = AuthData.decode(reader, content.body().contentType());
        Optional<byte[]> tag = content.sender().type() == Sender.MEMBER ? Optional.of(reader.opaque())
                : Optional.empty();
        return new PublicMessage(content, auth, tag);
    }
}
