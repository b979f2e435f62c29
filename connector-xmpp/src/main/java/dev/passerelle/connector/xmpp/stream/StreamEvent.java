package dev.passerelle.connector.xmpp.stream;

/** What the stream parser makes of the bytes it was fed, in order. */
sealed interface StreamEvent {

    /** The server's stream header; {@code id} is what the handshake hash covers. */
    record Opened(String id, String from, String to) implements StreamEvent {
    }

    /** A message, presence or iq in the component namespace, with its size on the wire. */
    record Stanza(XmlElement element, long bytes) implements StreamEvent {
    }

    /** A handshake element: from a server, the acceptance (empty); from a component, its digest. */
    record Handshake(String content) implements StreamEvent {
    }

    /** The server sent a stream error; the stream is over. */
    record ErrorReceived(StreamCondition condition, String wireCondition, String text) implements StreamEvent {
    }

    /** The server closed its stream. */
    record Closed() implements StreamEvent {
    }

    /** The input broke a rule; the parser accepts nothing more and the stream must end with this error. */
    record Violation(StreamCondition condition, String detail) implements StreamEvent {
    }
}
