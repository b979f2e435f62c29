package dev.passerelle.bench.flow;

import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending XMPP clients of a flow, logged in, each with the pre-serialised message it sends: to one JID
 * (client to client) or into group chats, {@code rooms} of them with the senders spread over them (10 rooms with
 * one sender each, or one room with all ten).
 */
final class Senders implements AutoCloseable {

    private final List<XmppClient> clients;
    private final List<byte[][]> templates;
    private final List<String> rooms;

    private Senders(List<XmppClient> clients, List<byte[][]> templates, List<String> rooms) {
        this.clients = clients;
        this.templates = templates;
        this.rooms = rooms;
    }

    /** {@code count} clients sending chat messages to {@code to}. */
    static Senders direct(XmppServer server, String tag, int count, String to) throws IOException {
        List<XmppClient> clients = login(server, tag, count);
        List<byte[][]> templates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            templates.add(XmppClient.template(to, "chat"));
        }
        return new Senders(clients, templates, List.of());
    }

    /** {@code count} clients in {@code roomCount} new group chats, client i in room i mod roomCount. */
    static Senders inRooms(XmppServer server, String tag, int count, int roomCount) throws IOException {
        if (roomCount < 1 || roomCount > count) {
            throw new IllegalArgumentException("rooms must be 1.." + count + ": " + roomCount);
        }
        List<String> rooms = new ArrayList<>();
        for (int r = 0; r < roomCount; r++) {
            rooms.add(tag + "-r" + r + "@" + server.mucDomain());
        }
        return joined(server, tag, count, rooms);
    }

    /**
     * {@code count} clients in {@code room}, a room that exists already (a portal on the gateway's component, say),
     * client i under nick {@code s<i>}; they drain from the start.
     */
    static Senders inRoom(XmppServer server, String tag, int count, String room) throws IOException {
        return joined(server, tag, count, List.of(room));
    }

    /** {@code count} clients, client i in room i mod the number of rooms as nick {@code s<i>}, reading. */
    private static Senders joined(XmppServer server, String tag, int count, List<String> rooms) throws IOException {
        List<XmppClient> clients = login(server, tag, count);
        List<byte[][]> templates = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String room = rooms.get(i % rooms.size());
                clients.get(i).join(room, "s" + i);
                templates.add(XmppClient.template(room, "groupchat"));
            }
            for (XmppClient c : clients) {
                c.startReading();
            }
        } catch (IOException | RuntimeException e) {
            clients.forEach(XmppClient::close);
            throw e;
        }
        return new Senders(clients, templates, rooms);
    }

    private static List<XmppClient> login(XmppServer server, String tag, int count) throws IOException {
        List<XmppClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String user = tag + "-s" + i;
                clients.add(XmppClient.login(server.host(), server.c2sPort(), server.domain(), user, "pw-" + user));
            }
        } catch (IOException | RuntimeException e) {
            clients.forEach(XmppClient::close);
            throw e;
        }
        return clients;
    }

    /** Starts draining the clients of {@link #direct} senders (room senders drain from the start). */
    void startReading() throws IOException {
        if (rooms.isEmpty()) {
            for (XmppClient c : clients) {
                c.startReading();
            }
        }
    }

    void send(int stream, byte[] body) throws IOException {
        clients.get(stream).send(templates.get(stream), body);
    }

    int count() {
        return clients.size();
    }

    List<String> rooms() {
        return rooms;
    }

    XmppClient client(int i) {
        return clients.get(i);
    }

    @Override
    public void close() {
        clients.forEach(XmppClient::close);
    }
}
