package dev.passerelle.connector.dma.mls.message;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every structure of messages.json decodes and re-encodes byte for byte. */
class MessagesTest {

    @TestFactory
    Stream<DynamicTest> messagesVectors() {
        return TestVectors.all("messages.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c.json())));
    }

    private static void check(JsonNode v) {
        envelope(v, "mls_welcome", MlsMessage.WELCOME, Welcome::decode, (w, m) -> m.encode(w));
        envelope(v, "mls_group_info", MlsMessage.GROUP_INFO, GroupInfo::decode, (w, m) -> m.encode(w));
        envelope(v, "mls_key_package", MlsMessage.KEY_PACKAGE, KeyPackage::decode, (w, m) -> m.encode(w));
        envelope(v, "public_message_application", MlsMessage.PUBLIC_MESSAGE, PublicMessage::decode,
                (w, m) -> m.encode(w));
        envelope(v, "public_message_proposal", MlsMessage.PUBLIC_MESSAGE, PublicMessage::decode,
                (w, m) -> m.encode(w));
        envelope(v, "public_message_commit", MlsMessage.PUBLIC_MESSAGE, PublicMessage::decode,
                (w, m) -> m.encode(w));
        envelope(v, "private_message", MlsMessage.PRIVATE_MESSAGE, PrivateMessage::decode, (w, m) -> m.encode(w));
        bare(v, "ratchet_tree", RatchetTree::decode, (w, t) -> t.encode(w));
        bare(v, "group_secrets", GroupSecrets::decode, (w, s) -> s.encode(w));
        bare(v, "commit", Commit::decode, (w, c) -> c.encode(w));
        proposalBody(v, "add_proposal", Proposal.ADD);
        proposalBody(v, "update_proposal", Proposal.UPDATE);
        proposalBody(v, "remove_proposal", Proposal.REMOVE);
        proposalBody(v, "pre_shared_key_proposal", Proposal.PSK);
        proposalBody(v, "re_init_proposal", Proposal.REINIT);
        proposalBody(v, "external_init_proposal", Proposal.EXTERNAL_INIT);
        proposalBody(v, "group_context_extensions_proposal", Proposal.GROUP_CONTEXT_EXTENSIONS);
    }

    private static <T> void envelope(JsonNode v, String field, int wireFormat, Function<TlsReader, T> decode,
            BiConsumer<TlsWriter, T> encode) {
        byte[] bytes = hex(v, field);
        TlsReader reader = new TlsReader(bytes);
        MlsMessage.expect(reader, wireFormat);
        T value = decode.apply(reader);
        reader.finish();
        TlsWriter writer = new TlsWriter();
        MlsMessage.header(writer, wireFormat);
        encode.accept(writer, value);
        assertThat(writer.toByteArray()).as(field).isEqualTo(bytes);
    }

    private static <T> void bare(JsonNode v, String field, Function<TlsReader, T> decode,
            BiConsumer<TlsWriter, T> encode) {
        byte[] bytes = hex(v, field);
        TlsReader reader = new TlsReader(bytes);
        T value = decode.apply(reader);
        reader.finish();
        TlsWriter writer = new TlsWriter();
        encode.accept(writer, value);
        assertThat(writer.toByteArray()).as(field).isEqualTo(bytes);
    }

    // The vectors hold proposal bodies without their type: a Proposal is the type followed by the body.
    private static void proposalBody(JsonNode v, String field, int type) {
        byte[] body = hex(v, field);
        byte[] withType = new TlsWriter().uint16(type).fixed(body).toByteArray();
        TlsReader reader = new TlsReader(withType);
        Proposal proposal = Proposal.decode(reader);
        reader.finish();
        assertThat(proposal.type()).isEqualTo(type);
        TlsWriter writer = new TlsWriter();
        proposal.encode(writer);
        byte[] out = writer.toByteArray();
        assertThat(Arrays.copyOfRange(out, 2, out.length)).as(field).isEqualTo(body);
    }
}
