package dev.passerelle.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RequestJsonTest {

    private static ApiError refused(String body) {
        return catchThrowableOfType(ApiError.class, () -> RequestJson.decode(Buffer.buffer(body)));
    }

    @Test
    void aWellFormedBodyReadsAsUsual() {
        assertThat(RequestJson.decode(Buffer.buffer("{\"kind\":\"portal\",\"rooms\":[\"a\",\"b\"],\"n\":12}")))
                .isEqualTo(new JsonObject().put("kind", "portal").put("rooms", new io.vertx.core.json.JsonArray()
                        .add("a").add("b")).put("n", 12));
        assertThat(RequestJson.decode(Buffer.buffer(""))).isNull();
    }

    @Test
    void aKeyTwiceIsRefusedWhereverItIs() {
        ApiError top = refused("{\"kind\":\"plumbed\",\"kind\":\"portal\"}");
        assertThat(top.status()).isEqualTo(400);
        assertThat(top).hasMessageContaining("Duplicate field 'kind'");
        assertThat(refused("{\"a\":[{\"x\":1,\"x\":2}]}")).hasMessageContaining("Duplicate field 'x'");
    }

    @Test
    void nestingAndNumbersBeyondTheLimitsAreRefused() {
        String deep = "[".repeat(RequestJson.MAX_DEPTH + 1) + "]".repeat(RequestJson.MAX_DEPTH + 1);
        assertThat(refused(deep)).hasMessageContaining("body is not valid JSON").hasMessageContaining("depth");
        String atLimit = "[".repeat(RequestJson.MAX_DEPTH) + "]".repeat(RequestJson.MAX_DEPTH);
        assertThat(RequestJson.decode(Buffer.buffer(atLimit))).isNotNull();
        assertThat(refused("{\"n\":1" + "0".repeat(RequestJson.MAX_NUMBER_LENGTH) + "}"))
                .hasMessageContaining("Number value length");
    }

    @Test
    void malformedAndTrailingBodiesAreRefused() {
        assertThat(refused("kind=portal")).hasMessageContaining("body is not valid JSON");
        assertThat(refused("{} {}")).hasMessageContaining("body is not valid JSON");
    }
}
