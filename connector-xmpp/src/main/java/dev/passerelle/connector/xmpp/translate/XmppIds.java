package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.NativeId;

/**
 * The native ids of XMPP events: an XMPP id qualified by its conversation, since XMPP makes ids unique per
 * conversation only. Printed {@code <conversation URI> <xmpp id>}; a space never occurs in an RFC 5122 URI, so the
 * form is unambiguous.
 */
public final class XmppIds {

    private XmppIds() {}

    /** The native id of the XMPP message (or other stanza) {@code xmppId} in {@code conversation}. */
    public static NativeId nativeId(Address conversation, String xmppId) {
        if (conversation == null || xmppId == null || xmppId.isEmpty()) {
            throw new IllegalArgumentException("a native id needs a conversation and a non-empty XMPP id");
        }
        return new NativeId(conversation.toUri() + " " + xmppId);
    }
}
