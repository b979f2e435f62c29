package dev.passerelle.connector.matrix.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The schema loader follows relative refs: a broken envelope or content is caught, a good one passes. */
@Tag("feature:spec-validation")
class SpecSchemasTest {
    private final SpecSchemas schemas = new SpecSchemas();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aValidTextMessagePassesAndAMissingBodyFails() throws Exception {
        ObjectNode good = (ObjectNode) json.readTree("{\"type\":\"m.room.message\",\"event_id\":\"$a\","
                + "\"sender\":\"@a:b\",\"room_id\":\"!r:b\",\"origin_server_ts\":1,"
                + "\"content\":{\"msgtype\":\"m.text\",\"body\":\"hi\"}}");
        assertThat(schemas.errors("m.room.message$m.text.yaml", good)).isEmpty();
        ObjectNode noBody = good.deepCopy();
        ((ObjectNode) noBody.get("content")).remove("body");
        assertThat(schemas.errors("m.room.message$m.text.yaml", noBody)).isNotEmpty();
    }

    @Test
    void theEnvelopeFromTheReferencedCoreSchemaIsChecked() throws Exception {
        ObjectNode noSender = (ObjectNode) json.readTree("{\"type\":\"m.room.message\",\"event_id\":\"$a\","
                + "\"room_id\":\"!r:b\",\"origin_server_ts\":1,"
                + "\"content\":{\"msgtype\":\"m.text\",\"body\":\"hi\"}}");
        assertThat(schemas.errors("m.room.message$m.text.yaml", noSender)).anyMatch(e -> e.contains("sender"));
        ObjectNode badImage = (ObjectNode) json.readTree("{\"type\":\"m.room.message\",\"event_id\":\"$a\","
                + "\"sender\":\"@a:b\",\"room_id\":\"!r:b\",\"origin_server_ts\":1,"
                + "\"content\":{\"msgtype\":\"m.image\",\"body\":\"x\",\"info\":{\"w\":\"wide\"}}}");
        assertThat(schemas.errors("m.room.message$m.image.yaml", badImage)).isNotEmpty();
    }
}
