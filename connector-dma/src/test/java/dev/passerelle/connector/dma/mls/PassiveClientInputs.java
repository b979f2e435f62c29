package dev.passerelle.connector.dma.mls;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.Welcome;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The joining inputs every passive-client vector case has: the Welcome, the optional tree, the external PSKs. */
public record PassiveClientInputs(Welcome welcome, Optional<RatchetTree> tree, Map<String, byte[]> psks) {

    /** Decodes them from a passive-client case, checking that each structure is consumed whole. */
    public static PassiveClientInputs of(JsonNode v) {
        TlsReader reader = new TlsReader(hex(v, "welcome"));
        MlsMessage.expect(reader, MlsMessage.WELCOME);
        Welcome welcome = Welcome.decode(reader);
        reader.finish();
        Optional<RatchetTree> tree = Optional.empty();
        if (v.hasNonNull("ratchet_tree")) {
            TlsReader treeReader = new TlsReader(hex(v, "ratchet_tree"));
            tree = Optional.of(RatchetTree.decode(treeReader));
            treeReader.finish();
        }
        Map<String, byte[]> psks = new HashMap<>();
        for (JsonNode psk : v.get("external_psks")) {
            psks.put(psk.get("psk_id").asText(), hex(psk, "psk"));
        }
        return new PassiveClientInputs(welcome, tree, psks);
    }
}
