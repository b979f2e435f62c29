package dev.passerelle.soak;

import dev.passerelle.e2e.Side;
import dev.passerelle.e2e.XmppMember;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;

/**
 * The XMPP user in the MUC of instance A. Corrections (XEP-0308) name the original's own id; replies (XEP-0461) and
 * reactions (XEP-0444) the stanza-id the room gave it, which the user learns from the room's reflection of its own
 * message. Attachments are links (XEP-0066) to the {@link FileHost} with a caption; a file from another network
 * arrives as a stanza of its own after its caption's.
 */
final class XmppWire extends Wire {

    private final XmppMember member;
    private final FileHost files;
    private final Map<Integer, String> ownIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> ownStanzaIds = new ConcurrentHashMap<>();
    /** Stanza-id of a message in the room to its tag, for the reactions that refer to it. */
    private final Map<String, Integer> roomIds = new ConcurrentHashMap<>();
    /** Message id (the sender's origin-id) of a message in the room to its tag, for the files that follow it. */
    private final Map<String, Integer> messageIds = new ConcurrentHashMap<>();
    private int read;

    XmppWire(XmppMember member, FileHost files, Ledger ledger) {
        super(Side.XMPP, ledger);
        this.member = member;
        this.files = files;
        String ownFrom = member.room() + "/" + member.nick();
        member.connection().addAsyncStanzaListener(stanza -> {
            Message m = (Message) stanza;
            StanzaIdElement sid = StanzaIdElement.getStanzaId(m);
            List<Integer> tags = Ledger.tags(m.getBody());
            if (sid != null && !tags.isEmpty()) {
                ownStanzaIds.put(tags.get(0), sid.getId());
                roomIds.put(sid.getId(), tags.get(0));
            }
        }, s -> MessageTypeFilter.GROUPCHAT.accept(s) && s.getFrom() != null && s.getFrom().toString().equals(ownFrom));
    }

    @Override
    boolean referable(int number) {
        return ownStanzaIds.containsKey(number);
    }

    @Override
    void text(Ledger.Item item) {
        Message m = member.message().setBody(body(item, "text")).build();
        ownIds.put(item.number(), m.getStanzaId());
        member.send(m);
    }

    @Override
    void edit(Ledger.Item item, int target) {
        member.send(member.message().setBody(body(item, "edit"))
                .addExtension(element("replace", "urn:xmpp:message-correct:0").addAttribute("id", ownIds.get(target))
                        .build())
                .build());
    }

    @Override
    void reply(Ledger.Item item, int target) {
        member.send(member.message().setBody(body(item, "reply"))
                .addExtension(element("reply", "urn:xmpp:reply:0").addAttribute("id", ownStanzaIds.get(target))
                        .addAttribute("to", member.room() + "/" + member.nick()).build())
                .build());
    }

    @Override
    void reaction(Ledger.Item item, int target) {
        member.send(member.message()
                .addExtension(element("reactions", "urn:xmpp:reactions:0").addAttribute("id", ownStanzaIds.get(target))
                        .addElement("reaction", "\uD83D\uDC4D").build())
                .addExtension(element("store", "urn:xmpp:hints").build())
                .build());
    }

    @Override
    void attachment(Ledger.Item item) {
        String url = files.url(fileName(item));
        // The caption in the body, the file as a link beside it (XEP-0066).
        member.send(member.message().setBody(body(item, "attachment"))
                .addExtension(element("x", "jabber:x:oob").addElement("url", url).build())
                .build());
    }

    private static StandardExtensionElement.Builder element(String name, String namespace) {
        return StandardExtensionElement.builder(name, namespace);
    }

    @Override
    void scan() {
        List<Message> all = member.received();
        for (; read < all.size(); read++) {
            Message m = all.get(read);
            if (m.getExtensionElement("reactions", "urn:xmpp:reactions:0") != null) {
                String id = attribute(m, "reactions", "urn:xmpp:reactions:0");
                Integer target = id == null ? null : roomIds.get(id);
                if (target != null) {
                    ledger.reactionArrived(Side.XMPP, target);
                }
                continue;
            }
            List<Integer> tags = Ledger.tags(m.getBody());
            if (tags.isEmpty()) {
                fileOfCaption(m);
                continue;
            }
            Kind form = form(m);
            for (int tag : tags) {
                ledger.arrived(Side.XMPP, tag, form);
            }
            StanzaIdElement sid = StanzaIdElement.getStanzaId(m);
            if (sid != null) {
                roomIds.put(sid.getId(), tags.get(tags.size() - 1));
            }
            if (m.getStanzaId() != null) {
                messageIds.put(m.getStanzaId(), tags.get(tags.size() - 1));
            }
        }
    }

    /**
     * A file from another network comes as its own stanza after the caption's, with the caption's id and "-1"
     * (one number per file) and only the file's URL in it: it belongs to the caption's message.
     */
    private void fileOfCaption(Message m) {
        String id = m.getStanzaId();
        if (form(m) != Kind.ATTACHMENT || id == null || !id.matches(".+-\\d+")) {
            return;
        }
        Integer caption = messageIds.get(id.substring(0, id.lastIndexOf('-')));
        if (caption != null) {
            ledger.arrived(Side.XMPP, caption, Kind.ATTACHMENT);
        }
    }

    private static Kind form(Message m) {
        if (m.getExtensionElement("replace", "urn:xmpp:message-correct:0") != null) {
            return Kind.EDIT;
        }
        if (m.getExtensionElement("reply", "urn:xmpp:reply:0") != null) {
            return Kind.REPLY;
        }
        if (m.getExtensionElement("x", "jabber:x:oob") != null) {
            return Kind.ATTACHMENT;
        }
        return Kind.TEXT;
    }

    private static String attribute(Message m, String element, String namespace) {
        String xml = m.getExtensionElement(element, namespace).toXML().toString();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\sid=['\"]([^'\"]+)['\"]").matcher(xml);
        return id.find() ? id.group(1) : null;
    }
}
