package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.content.MimiExamples;

/** The MIMI content draft's -08 examples, by name, as bytes, decoded content and message id. */
final class Examples {

    private Examples() {
    }

    /** The CBOR bytes of example {@code name} as published. */
    static byte[] bytes(String name) {
        return MimiExamples.example("examples-08", name).cbor();
    }

    static MimiContent content(String name) {
        return MimiContent.decode(bytes(name));
    }

    static MessageId id(String name) {
        return MimiContent.messageIdOf(bytes(name));
    }
}
