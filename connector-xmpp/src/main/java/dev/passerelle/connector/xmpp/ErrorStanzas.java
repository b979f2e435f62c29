package dev.passerelle.connector.xmpp;

import java.util.Optional;
import org.jivesoftware.smack.packet.ErrorIQ;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jxmpp.jid.Jid;

/** Stanza errors (RFC 6120 section 8.3) the connector answers with. */
final class ErrorStanzas {

    private ErrorStanzas() {}

    /**
     * The error answering {@code request}, from the address it was sent to; empty for an error or a result, which
     * are never answered (two gateways answering each other's errors would loop), and for a stanza without sender.
     */
    static Optional<Stanza> answer(Stanza request, StanzaError.Condition condition, String text) {
        if (request.getFrom() == null || isErrorOrResult(request)) {
            return Optional.empty();
        }
        return Optional.of(error(request.getStanzaId(), request, request.getTo(), request.getFrom(), condition, text));
    }

    /** A message of type error from {@code from} to {@code to}, about message {@code id}. */
    static Message messageError(String id, Jid from, Jid to, StanzaError.Condition condition, String text) {
        return StanzaBuilder.buildMessage(id).ofType(Message.Type.error).from(from).to(to)
                .setError(build(condition, text))
                .build();
    }

    private static Stanza error(String id, Stanza kind, Jid from, Jid to, StanzaError.Condition condition,
            String text) {
        StanzaError error = build(condition, text);
        if (kind instanceof IQ) {
            // Without the request's payload: RFC 6120's schema does not allow an iq error to echo it.
            return ErrorIQ.builder(error, StanzaBuilder.buildIqData(id).ofType(IQ.Type.error).from(from).to(to))
                    .build();
        }
        if (kind instanceof Presence) {
            return StanzaBuilder.buildPresence(id).ofType(Presence.Type.error).from(from).to(to).setError(error)
                    .build();
        }
        return messageError(id, from, to, condition, text);
    }

    private static StanzaError build(StanzaError.Condition condition, String text) {
        StanzaError.Builder b = StanzaError.getBuilder(condition);
        if (text != null && !text.isEmpty()) {
            b.setDescriptiveEnText(text);
        }
        return b.build();
    }

    static boolean isErrorOrResult(Stanza stanza) {
        if (stanza instanceof IQ iq) {
            return iq.getType() == IQ.Type.error || iq.getType() == IQ.Type.result;
        }
        if (stanza instanceof Presence p) {
            return p.getType() == Presence.Type.error;
        }
        return stanza instanceof Message m && m.getType() == Message.Type.error;
    }
}
