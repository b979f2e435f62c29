package dev.passerelle.e2e;

import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/** The feature matrix as the XMPP user of the topology's MUC, with real stanzas of the XEPs the connector reads. */
final class XmppEndpoint implements Endpoint {

    private final XmppMember member;
    private final XmppServer server;
    private final FileServer files;
    private final Links links;

    XmppEndpoint(XmppMember member, XmppServer server, FileServer files, Links links) {
        this.member = member;
        this.server = server;
        this.files = files;
        this.links = links;
    }

    @Override
    public Side side() {
        return Side.XMPP;
    }

    private static StandardExtensionElement element(String name, String namespace, String... attributes) {
        StandardExtensionElement.Builder b = StandardExtensionElement.builder(name, namespace);
        for (int i = 0; i < attributes.length; i += 2) {
            b.addAttribute(attributes[i], attributes[i + 1]);
        }
        return b.build();
    }

    @Override
    public String send(String body) {
        return member.sendText(body);
    }

    @Override
    public String refOfOwn(String sentId) {
        return member.stanzaIdOfOwn(sentId);
    }

    @Override
    public void sendFormatted(String word, String rest) {
        member.send(member.message().setBody("*" + word + "* " + rest).build());
    }

    @Override
    public void reply(String ref, String body) {
        member.send(member.message().setBody(body)
                .addExtension(element("reply", "urn:xmpp:reply:0", "id", ref)).build());
    }

    @Override
    public void edit(String sentId, String ref, String newBody) {
        member.send(member.message().setBody(newBody)
                .addExtension(element("replace", "urn:xmpp:message-correct:0", "id", sentId)).build());
    }

    @Override
    public void retract(String ref) {
        member.send(member.message().setBody("This person attempted to retract a previous message.")
                .addExtension(element("retract", "urn:xmpp:message-retract:1", "id", ref))
                .addExtension(element("fallback", "urn:xmpp:fallback:0", "for", "urn:xmpp:message-retract:1"))
                .addExtension(element("store", "urn:xmpp:hints")).build());
    }

    @Override
    public void react(String ref, String key) {
        StandardExtensionElement reactions = StandardExtensionElement.builder("reactions", "urn:xmpp:reactions:0")
                .addAttribute("id", ref).addElement("reaction", key).build();
        member.send(member.message().addExtension(reactions)
                .addExtension(element("store", "urn:xmpp:hints")).build());
    }

    @Override
    public void attach(String name, String content) {
        String url = files.serve(name, content);
        StandardExtensionElement oob = StandardExtensionElement.builder("x", "jabber:x:oob")
                .addElement("url", url).build();
        member.send(member.message().setBody(url).addExtension(oob).build());
    }

    @Override
    public void typing(boolean composing) {
        member.send(member.message().addExtension(element(composing ? "composing" : "active",
                "http://jabber.org/protocol/chatstates")).build());
    }

    @Override
    public void markRead(String ref) {
        member.send(member.message().addExtension(element("displayed", "urn:xmpp:chat-markers:0", "id", ref))
                .build());
    }

    @Override
    public Joiner join(String name) {
        XmppMember joined = XmppMember.join(server, name, name, member.room());
        return new Joiner() {
            @Override
            public void leave() {
                joined.leave();
                joined.close();
            }

            @Override
            public void rename(String newName) {
                joined.changeNick(newName);
            }

            @Override
            public void changeAvatar() {
                try {
                    byte[] photo = ("avatar of " + name).getBytes(StandardCharsets.UTF_8);
                    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(photo));
                    StandardExtensionElement update = StandardExtensionElement.builder("x", "vcard-temp:x:update")
                            .addElement("photo", hash).build();
                    Presence p = StanzaBuilder.buildPresence()
                            .to(JidCreate.from(member.room() + "/" + joined.nick()))
                            .ofType(Presence.Type.available).addExtension(update).build();
                    joined.sendPresence(p);
                } catch (NoSuchAlgorithmException | XmppStringprepException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    // ---- observing ----

    private List<Message> messages() {
        return member.received();
    }

    private static String xml(Message m) {
        return m.toXML().toString();
    }

    private static boolean hasElement(Message m, String name, String namespace, String id) {
        var element = m.getExtensionElement(name, namespace);
        return element != null && (id == null || element.toXML().toString().contains(id));
    }

    private Optional<Message> withText(String text) {
        return messages().stream().filter(m -> m.getBody() != null && m.getBody().contains(text)).findFirst();
    }

    @Override
    public Optional<String> received(String text) {
        return withText(text).map(m -> StanzaIdElement.getStanzaId(m)).map(StanzaIdElement::getId);
    }

    @Override
    public Optional<String> editIdOfReceived(String text) {
        return withText(text).map(Message::getStanzaId);
    }

    @Override
    public boolean hasFormatted(String word) {
        return withText("*" + word + "*").isPresent();
    }

    @Override
    public boolean hasReply(String ref, String text) {
        return withText(text).filter(m -> hasElement(m, "reply", "urn:xmpp:reply:0", ref)).isPresent();
    }

    @Override
    public boolean hasEdit(String editId, String newText) {
        return withText(newText).filter(m -> hasElement(m, "replace", "urn:xmpp:message-correct:0", editId))
                .isPresent();
    }

    @Override
    public boolean hasRetraction(String ref) {
        return messages().stream().anyMatch(m -> hasElement(m, "retract", "urn:xmpp:message-retract:1", ref));
    }

    @Override
    public boolean hasRetractionText(String text) {
        return withText(text).isPresent();
    }

    @Override
    public boolean hasReaction(String ref, String key) {
        return messages().stream().anyMatch(m -> hasElement(m, "reactions", "urn:xmpp:reactions:0", ref)
                && xml(m).contains(key));
    }

    /** An XEP-0066 out-of-band URL that serves the file. */
    @Override
    public boolean hasAttachment(String name) {
        return messages().stream().map(m -> m.getExtensionElement("x", "jabber:x:oob")).filter(x -> x != null)
                .anyMatch(x -> links.anyServes(x.toXML().toString().replace("<", " <"), "the content of " + name));
    }

    /** A link in a body that serves the file, without out-of-band data. */
    @Override
    public boolean hasAttachmentLink(String name) {
        return messages().stream().filter(m -> m.getBody() != null
                && m.getExtensionElement("x", "jabber:x:oob") == null)
                .anyMatch(m -> links.anyServes(m.getBody(), "the content of " + name));
    }

    @Override
    public int typingCount() {
        return (int) messages().stream()
                .filter(m -> m.getExtensionElement("composing", "http://jabber.org/protocol/chatstates") != null)
                .count();
    }

    @Override
    public boolean hasReadMarker(String ref) {
        return messages().stream().anyMatch(m -> hasElement(m, "displayed", "urn:xmpp:chat-markers:0", ref));
    }

    private List<Presence> presencesOf(String name) {
        return member.presences().stream()
                .filter(p -> p.getFrom().getResourceOrEmpty().toString().toLowerCase().contains(name)).toList();
    }

    @Override
    public boolean hasJoin(String name) {
        return presencesOf(name).stream().anyMatch(p -> p.getType() == Presence.Type.available);
    }

    @Override
    public boolean hasLeave(String name) {
        return presencesOf(name).stream().anyMatch(p -> p.getType() == Presence.Type.unavailable);
    }

    @Override
    public boolean hasRename(String newName) {
        return hasJoin(newName);
    }

    @Override
    public boolean hasAvatarChange(String name) {
        return presencesOf(name).stream().anyMatch(p -> p.toXML().toString().contains("vcard-temp:x:update")
                && p.toXML().toString().contains("<photo>"));
    }

    @Override
    public String describeRecent() {
        return member.describeRecent();
    }
}
