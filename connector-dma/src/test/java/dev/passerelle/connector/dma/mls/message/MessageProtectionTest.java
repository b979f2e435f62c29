package dev.passerelle.connector.dma.mls.message;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.schedule.SecretTree;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class MessageProtectionTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
    private static final int SENDER = 1;

    @TestFactory
    Stream<DynamicTest> messageProtectionVectors() {
        return TestVectors.suite1("message-protection.json").stream().flatMap(c -> Stream.of(
                DynamicTest.dynamicTest(c.name() + " proposal", () -> check(c.json(), "proposal")),
                DynamicTest.dynamicTest(c.name() + " commit", () -> check(c.json(), "commit")),
                DynamicTest.dynamicTest(c.name() + " application", () -> check(c.json(), "application"))));
    }

    private static void check(JsonNode v, String kind) {
        GroupContext context = new GroupContext(CipherSuite.ID, hex(v, "group_id"), v.get("epoch").asLong(),
                hex(v, "tree_hash"), hex(v, "confirmed_transcript_hash"), List.of());
        byte[] signaturePub = hex(v, "signature_pub");
        LongFunction<byte[]> keys = leaf -> leaf == SENDER ? signaturePub : null;
        byte[] raw = hex(v, kind);
        FramedContent.Body body = body(kind, raw);
        FramedContent content = new FramedContent(hex(v, "group_id"), v.get("epoch").asLong(),
                Sender.member(SENDER), new byte[0], body);
        Optional<byte[]> tag = kind.equals("commit") ? Optional.of(new byte[CipherSuite.NH]) : Optional.empty();

        if (!kind.equals("application")) {
            PublicMessage pub = decodePublic(hex(v, kind + "_pub"));
            assertThat(reencode(pub)).isEqualTo(hex(v, kind + "_pub"));
            MessageProtection.Authenticated opened = MessageProtection.unprotectPublic(SUITE, pub, context,
                    hex(v, "membership_key"), keys);
            assertThat(encodeBody(opened.content().body())).isEqualTo(raw);

            PublicMessage ours = MessageProtection.protectPublic(SUITE, content, context, hex(v, "signature_priv"),
                    hex(v, "membership_key"), tag);
            assertThat(MessageProtection.unprotectPublic(SUITE, ours, context, hex(v, "membership_key"), keys)
                    .content()).isEqualTo(content);
            assertThatThrownBy(() -> MessageProtection.unprotectPublic(SUITE, ours, context, new byte[32], keys))
                    .isInstanceOf(MessageRejected.class).hasMessage("bad membership tag");
        } else {
            assertThatThrownBy(() -> MessageProtection.protectPublic(SUITE, content, context,
                    hex(v, "signature_priv"), hex(v, "membership_key"), tag))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        byte[] privBytes = hex(v, kind + "_priv");
        TlsReader reader = new TlsReader(privBytes);
        MlsMessage.expect(reader, MlsMessage.PRIVATE_MESSAGE);
        PrivateMessage priv = PrivateMessage.decode(reader);
        reader.finish();
        MessageProtection.Authenticated opened = MessageProtection.unprotectPrivate(SUITE, priv, context,
                tree(v), hex(v, "sender_data_secret"), keys);
        assertThat(encodeBody(opened.content().body())).isEqualTo(raw);
        assertThat(opened.content().sender()).isEqualTo(Sender.member(SENDER));

        PrivateMessage ours = MessageProtection.protectPrivate(SUITE, content, context, hex(v, "signature_priv"), tag,
                tree(v), hex(v, "sender_data_secret"), new byte[] {1, 2, 3, 4}, 7);
        SecretTree receiver = tree(v);
        // A tampered copy is refused and costs the receiver nothing: the genuine message still opens.
        byte[] tampered = ours.ciphertext();
        tampered[tampered.length - 1] ^= 1;
        PrivateMessage forged = new PrivateMessage(ours.groupId(), ours.epoch(), ours.contentType(),
                ours.authenticatedData(), ours.encryptedSenderData(), tampered);
        assertThatThrownBy(() -> MessageProtection.unprotectPrivate(SUITE, forged, context, receiver,
                hex(v, "sender_data_secret"), keys)).isInstanceOf(MessageRejected.class);
        assertThat(MessageProtection.unprotectPrivate(SUITE, ours, context, receiver, hex(v, "sender_data_secret"),
                keys).content()).isEqualTo(content);
        // The same message a second time: its key was used and deleted.
        assertThatThrownBy(() -> MessageProtection.unprotectPrivate(SUITE, ours, context, receiver,
                hex(v, "sender_data_secret"), keys)).isInstanceOf(MessageRejected.class);
        GroupContext nextEpoch = new GroupContext(CipherSuite.ID, hex(v, "group_id"), v.get("epoch").asLong() + 1,
                hex(v, "tree_hash"), hex(v, "confirmed_transcript_hash"), List.of());
        assertThatThrownBy(() -> MessageProtection.unprotectPrivate(SUITE, ours, nextEpoch, tree(v),
                hex(v, "sender_data_secret"), keys)).isInstanceOf(MessageRejected.class).hasMessageContaining("epoch");
    }

    private static SecretTree tree(JsonNode v) {
        return new SecretTree(SUITE, hex(v, "encryption_secret"), 2);
    }

    private static FramedContent.Body body(String kind, byte[] raw) {
        TlsReader reader = new TlsReader(raw);
        FramedContent.Body body;
        if (kind.equals("proposal")) {
            body = new FramedContent.ProposalBody(Proposal.decode(reader));
        } else if (kind.equals("commit")) {
            body = new FramedContent.CommitBody(Commit.decode(reader));
        } else {
            return new FramedContent.Application(raw);
        }
        reader.finish();
        assertThat(encodeBody(body)).as("%s re-encoding", kind).isEqualTo(raw);
        return body;
    }

    private static byte[] encodeBody(FramedContent.Body body) {
        if (body instanceof FramedContent.Application app) {
            return app.data();
        }
        TlsWriter writer = new TlsWriter();
        body.encode(writer);
        return writer.toByteArray();
    }

    private static PublicMessage decodePublic(byte[] bytes) {
        TlsReader reader = new TlsReader(bytes);
        MlsMessage.expect(reader, MlsMessage.PUBLIC_MESSAGE);
        PublicMessage message = PublicMessage.decode(reader);
        reader.finish();
        return message;
    }

    private static byte[] reencode(PublicMessage message) {
        TlsWriter writer = new TlsWriter();
        MlsMessage.header(writer, MlsMessage.PUBLIC_MESSAGE);
        message.encode(writer);
        return writer.toByteArray();
    }
}
