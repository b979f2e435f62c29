package dev.passerelle.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MessageSent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Bad documents are refused with the JSON path and the reason; harmless additions are accepted. */
class EventJsonReadErrorsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A valid message.sent document with two attachments, to break in one place per test. */
    private static ObjectNode valid() {
        try (var in = EventJsonReadErrorsTest.class.getResourceAsStream("/json/v1/message.sent.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String edited(Consumer<ObjectNode> change) {
        ObjectNode doc = valid();
        change.accept(doc);
        return doc.toString();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String json, String path) {
        return assertThatThrownBy(() -> EventJson.read(json))
                .isInstanceOf(EventJsonException.class)
                .satisfies(e -> assertThat(((EventJsonException) e).path()).isEqualTo(path))
                .hasMessageStartingWith(path + ": ");
    }

    private static ObjectNode content(ObjectNode doc) {
        return (ObjectNode) doc.get("content");
    }

    private static ObjectNode firstAttachment(ObjectNode doc) {
        return (ObjectNode) content(doc).get("attachments").get(0);
    }

    @Test
    void theUnchangedDocumentIsAccepted() {
        assertThat(EventJson.read(valid().toString())).isInstanceOf(MessageSent.class);
    }

    @Test
    void unknownVersionIsNamed() {
        rejecting(edited(d -> d.put("v", 7)), "$.v")
                .hasMessageContaining("unsupported format version 7")
                .hasMessageContaining("[1]");
    }

    @Test
    void missingVersion() {
        rejecting(edited(d -> d.remove("v")), "$.v").hasMessageContaining("missing");
    }

    @Test
    void versionMustBeAnInteger() {
        rejecting(edited(d -> d.put("v", "1")), "$.v").hasMessageContaining("expected an integer, found a string");
        rejecting(edited(d -> d.put("v", 1.0)), "$.v").hasMessageContaining("expected an integer, found a number");
        rejecting(edited(d -> d.put("v", 10_000_000_000L)), "$.v").hasMessageContaining("out of range");
    }

    @Test
    void unknownType() {
        rejecting(edited(d -> d.put("type", "message.deleted")), "$.type")
                .hasMessageContaining("unknown event type 'message.deleted'")
                .hasMessageContaining("message.retracted");
    }

    @Test
    void missingHeaderFields() {
        for (String field : new String[] {"type", "id", "origin", "sender", "conversation", "ts", "content"}) {
            rejecting(edited(d -> d.remove(field)), "$." + field).hasMessageEndingWith("missing");
        }
        rejecting(edited(d -> ((ObjectNode) d.get("origin")).remove("network")), "$.origin.network");
        rejecting(edited(d -> ((ObjectNode) d.get("origin")).remove("id")), "$.origin.id");
    }

    @Test
    void nullIsNotAValue() {
        rejecting(edited(d -> d.putNull("sender")), "$.sender").hasMessageContaining("found null");
        rejecting(edited(d -> content(d).putNull("html")), "$.content.html").hasMessageContaining("found null");
    }

    @Test
    void wronglyTypedFields() {
        rejecting(edited(d -> d.put("ts", 1714558530)), "$.ts")
                .hasMessageContaining("expected a string, found a number");
        rejecting(edited(d -> d.put("origin", "matrix")), "$.origin").hasMessageContaining("expected an object");
        rejecting(edited(d -> d.putArray("content")), "$.content").hasMessageContaining("found an array");
        rejecting(edited(d -> content(d).put("attachments", "none")), "$.content.attachments")
                .hasMessageContaining("expected an array");
        rejecting(edited(d -> content(d).put("text", true)), "$.content.text").hasMessageContaining("found a boolean");
    }

    @Test
    void attachmentErrorsNameTheIndex() {
        rejecting(edited(d -> ((ObjectNode) content(d).get("attachments").get(1)).remove("mediaType")),
                "$.content.attachments[1].mediaType").hasMessageEndingWith("missing");
        rejecting(edited(d -> firstAttachment(d).put("size", "big")), "$.content.attachments[0].size")
                .hasMessageContaining("expected an integer");
        rejecting(edited(d -> firstAttachment(d).put("width", 3_000_000_000L)), "$.content.attachments[0].width")
                .hasMessageContaining("out of range");
        rejecting(edited(d -> firstAttachment(d).put("size", new BigInteger("99999999999999999999"))),
                "$.content.attachments[0].size").hasMessageContaining("out of range");
        rejecting(edited(d -> ((ArrayNode) content(d).get("attachments")).add("x")), "$.content.attachments[2]")
                .hasMessageContaining("expected an object, found a string");
    }

    @Test
    void modelValidationBecomesAnErrorAtTheObject() {
        rejecting(edited(d -> firstAttachment(d).put("mediaType", "png")), "$.content.attachments[0]")
                .hasMessageContaining("type/subtype");
        rejecting(edited(d -> firstAttachment(d).put("size", -1)), "$.content.attachments[0]")
                .hasMessageContaining("negative");
        rejecting(edited(d -> d.put("sender", "xmpp:alice@example.org")), "$")
                .hasMessageContaining("not on the origin network");
    }

    @Test
    void badValuesInStrings() {
        rejecting(edited(d -> d.put("id", "not-a-uuid")), "$.id").hasMessageContaining("expected an event id");
        rejecting(edited(d -> d.put("id", "1-2-3-4-5")), "$.id").hasMessageContaining("8-4-4-4-12");
        rejecting(edited(d -> content(d).put("replyTo", "")), "$.content.replyTo");
        rejecting(edited(d -> d.put("ts", "yesterday")), "$.ts").hasMessageContaining("ISO-8601");
        rejecting(edited(d -> d.put("conversation", "irc:#room")), "$.conversation")
                .hasMessageContaining("address URI");
        rejecting(edited(d -> ((ObjectNode) d.get("origin")).put("network", "irc")), "$.origin.network")
                .hasMessageContaining("unknown network 'irc'");
        rejecting(edited(d -> ((ObjectNode) d.get("origin")).put("id", "")), "$.origin.id");
        rejecting(edited(d -> firstAttachment(d).put("uri", "not a uri")), "$.content.attachments[0].uri")
                .hasMessageContaining("expected a URI");
    }

    @Test
    void unknownEnumValuesListTheChoices() {
        String chatState = "{\"v\":1,\"type\":\"chat.state\",\"id\":\"7f4ead8b-c19e-4d5f-86d8-9ebc5b6d4f87\","
                + "\"origin\":{\"network\":\"xmpp\",\"id\":\"cs-1\"},\"sender\":\"xmpp:dave@example.org\","
                + "\"conversation\":\"xmpp:erin@example.org\",\"ts\":\"2024-05-02T09:00:00Z\",\"state\":\"typing\"}";
        rejecting(chatState, "$.state")
                .hasMessageContaining("unknown value 'typing'")
                .hasMessageContaining("active, composing, gone, inactive, paused");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = edited(d -> {
            d.put("addedLater", "x");
            d.putObject("extension").putArray("items").addObject().put("deep", 1);
            content(d).put("mentions", 3);
            firstAttachment(d).put("blurhash", "LEHV6nWB2yk8");
        });
        assertThat(EventJson.read(json)).isEqualTo(EventJson.read(valid().toString()));
    }

    @Test
    void documentsOverTheSizeLimitAreRefusedBeforeParsing() {
        String padding = "x".repeat(EventJson.MAX_DOCUMENT_BYTES);
        rejecting(edited(d -> d.put("padding", padding)), "$")
                .hasMessageContaining("over the limit of " + EventJson.MAX_DOCUMENT_BYTES);
    }

    @Test
    void deepNestingIsRefused() {
        JsonNode deep = JsonNodeFactory.instance.objectNode();
        // One level more than nestingUpToTheLimitIsAccepted.
        for (int i = 0; i < EventJson.MAX_NESTING_DEPTH - 1; i++) {
            ObjectNode outer = JsonNodeFactory.instance.objectNode();
            outer.set("n", deep);
            deep = outer;
        }
        JsonNode nested = deep;
        // Jackson's limit checks report no parser position, so the whole document is named.
        rejecting(edited(d -> d.set("extension", nested)), "$")
                .hasMessageContaining("nesting depth")
                .hasMessageContaining(String.valueOf(EventJson.MAX_NESTING_DEPTH));
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        JsonNode deep = JsonNodeFactory.instance.objectNode();
        // The root object is level 1 and "extension" level 2; fill the rest up to the limit.
        for (int i = 0; i < EventJson.MAX_NESTING_DEPTH - 2; i++) {
            ObjectNode outer = JsonNodeFactory.instance.objectNode();
            outer.set("n", deep);
            deep = outer;
        }
        JsonNode nested = deep;
        assertThat(EventJson.read(edited(d -> d.set("extension", nested)))).isInstanceOf(MessageSent.class);
    }

    @Test
    void duplicateKeysAreRefused() {
        String json = valid().toString().replaceFirst("\\{\"v\":1,", "{\"v\":1,\"v\":2,");
        rejecting(json, "$.v").hasMessageContaining("Duplicate field 'v'");
    }

    @Test
    void trailingDataIsRefused() {
        rejecting(valid().toString() + " {}", "$").hasMessageContaining("Trailing token");
    }

    @Test
    void notJsonAtAll() {
        rejecting("{\"v\":1,", "$.v").hasMessageContaining("not acceptable JSON");
        rejecting("<event/>", "$").hasMessageContaining("not acceptable JSON");
        rejecting("{\"v\":1,\"type\":'x'}", "$.type").hasMessageContaining("not acceptable JSON");
        assertThatThrownBy(() -> EventJson.read(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}))
                .isInstanceOf(EventJsonException.class);
    }

    @Test
    void theRootMustBeAnObject() {
        rejecting("[1,2]", "$").hasMessageContaining("expected a JSON object, found an array");
        rejecting("\"event\"", "$").hasMessageContaining("found a string");
        rejecting("", "$").hasMessageContaining("expected a JSON object");
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> EventJson.read((byte[]) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.read((String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.write((Event) null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void utf8BytesAndStringsAreTheSameDocument() {
        String json = valid().toString();
        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(EventJson.read(json));
    }
}
