package dev.passerelle.faults;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.e2e.XmppMember;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;

/** A MUC's archive (XEP-0313) as an XMPP user reads it, and making a room outlive a restart of its server. */
final class RoomArchive {

    private RoomArchive() {
    }

    /** Makes the room of {@code owner} (who created it) persistent, so that it and its archive survive a restart. */
    static void makePersistent(XmppMember owner) {
        try {
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(owner.connection()).getMultiUserChat(owner.room());
            FillableForm form = muc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_persistentroom", true);
            muc.sendConfigurationForm(form);
        } catch (Exception e) {
            throw new IllegalStateException("could not make " + owner.room() + " persistent", e);
        }
    }

    /** Every message of the room's archive, oldest first, read by a new user who joins the room to ask. */
    static List<Message> read(XmppServer server, EntityBareJid room) {
        String user = XmppServers.uniqueUser("reader");
        XMPPTCPConnection connection = null;
        try {
            connection = XmppServers.client(server, user);
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room);
            muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(user)).requestNoHistory().build());
            MamManager.MamQuery query = MamManager.getInstanceFor(muc).queryArchive(
                    MamManager.MamQueryArgs.builder().setResultPageSizeTo(100).build());
            List<Message> out = new ArrayList<>(query.getMessages());
            while (!query.isComplete()) {
                List<Message> page = query.pageNext(100);
                if (page.isEmpty()) {
                    break;
                }
                out.addAll(page);
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the archive of " + room + " on " + server, e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
