package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Presence show/status and profile hints (XEP-0172 nickname, XEP-0153 avatar hash), both ways. */
@Tag("feature:presence")
class PresenceTranslationTest {
    static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    static final Jid JULIET = Jid.parse("juliet@capulet.com/balcony");
    static final MatrixUserId ALICE = MatrixUserId.parse("@alice:matrix.example");
    static final Jid GHOST = Jid.of("alice", "gw.localhost");

    private final XmppToCanonical reader = new XmppToCanonical(new FakeRefs(), Clock.fixed(AT, ZoneOffset.UTC));
    private final CanonicalToXmpp renderer = new CanonicalToXmpp(new FakeRefs(), a -> a.uri());

    private List<Event> read(String xml) {
        InboundResult result = reader.presence(Stanzas.presence(xml), JULIET);
        assertThat(result).isInstanceOf(InboundResult.Translated.class);
        return ((InboundResult.Translated) result).events();
    }

    @Test
    @Tag("direction:xmpp-to-canonical")
    void showAndStatusBecomeAvailability() {
        assertThat(read("<presence><show>dnd</show><status>in a meeting</status></presence>")).singleElement()
                .isInstanceOfSatisfying(PresenceChanged.class, p -> {
                    assertThat(p.availability()).isEqualTo(PresenceChanged.Availability.DO_NOT_DISTURB);
                    assertThat(p.status()).contains("in a meeting");
                    assertThat(p.conversation()).isEqualTo(JULIET);
                });
        assertThat(read("<presence/>")).singleElement().isInstanceOfSatisfying(PresenceChanged.class,
                p -> assertThat(p.availability()).isEqualTo(PresenceChanged.Availability.ONLINE));
        assertThat(read("<presence><show>xa</show></presence>")).singleElement().isInstanceOfSatisfying(
                PresenceChanged.class, p -> assertThat(p.availability())
                        .isEqualTo(PresenceChanged.Availability.EXTENDED_AWAY));
        assertThat(read("<presence type='unavailable'/>")).singleElement().isInstanceOfSatisfying(
                PresenceChanged.class, p -> assertThat(p.availability()).isEqualTo(PresenceChanged.Availability.OFFLINE));
    }

    @Test
    @Tag("direction:xmpp-to-canonical")
    void theXep0153HashAndANicknameBecomeAProfileChange() {
        List<Event> events = read(Examples.byCaption("xep-0153",
                "User's Client Includes Avatar Hash in Presence Broadcast"));
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isInstanceOfSatisfying(ProfileChanged.class, p -> {
            assertThat(p.avatar()).contains(URI.create(
                    "xmpp:juliet@capulet.com/balcony?vcard#01b87fcd030b72895ff8e88db57ec525450f000d"));
            assertThat(p.displayName()).isEmpty();
        });
        assertThat(events.get(0).origin().nativeId()).isNotEqualTo(events.get(1).origin().nativeId());

        assertThat(read("<presence><nick xmlns='http://jabber.org/protocol/nick'>Jules</nick></presence>").get(1))
                .isInstanceOfSatisfying(ProfileChanged.class, p -> assertThat(p.displayName()).contains("Jules"));
        // "Not ready" and "no image" carry no hash: no profile change.
        assertThat(read(Examples.byCaption("xep-0153", "User Is Not Ready to Advertise an Image"))).hasSize(1);
        assertThat(read(Examples.byCaption("xep-0153", "No Image to be Advertised"))).hasSize(1);
    }

    @Test
    @Tag("direction:xmpp-to-canonical")
    void subscriptionsAndErrorsAreNotBridged() {
        assertThat(reader.presence(Stanzas.presence("<presence type='subscribe'/>"), JULIET))
                .isEqualTo(new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED,
                        "presence of type subscribe is handled by the roster, not bridged"));
        assertThat(reader.presence(null, JULIET)).isInstanceOf(InboundResult.Ignored.class);
    }

    @Test
    @Tag("direction:canonical-to-xmpp")
    void availabilityAndStatusBecomeShowAndStatus() {
        Presence away = render(new PresenceChanged(EventId.random(), origin(), ALICE, ALICE, AT,
                PresenceChanged.Availability.AWAY, Optional.of("lunch")));
        assertThat(away.getType()).isEqualTo(Presence.Type.available);
        assertThat(away.getMode()).isEqualTo(Presence.Mode.away);
        assertThat(away.getStatus()).isEqualTo("lunch");
        Presence gone = render(new PresenceChanged(EventId.random(), origin(), ALICE, ALICE, AT,
                PresenceChanged.Availability.OFFLINE, Optional.empty()));
        assertThat(gone.getType()).isEqualTo(Presence.Type.unavailable);

        InboundResult back = reader.presence(away, GHOST);
        assertThat(((InboundResult.Translated) back).events()).singleElement().isInstanceOfSatisfying(
                PresenceChanged.class, p -> {
                    assertThat(p.availability()).isEqualTo(PresenceChanged.Availability.AWAY);
                    assertThat(p.status()).contains("lunch");
                });
    }

    @Test
    @Tag("direction:canonical-to-xmpp")
    void aProfileChangeIsANicknameAndAnAvatarUpdateHint() {
        Presence p = render(new ProfileChanged(EventId.random(), origin(), ALICE, ALICE, AT, Optional.of("Alice"),
                Optional.of(URI.create("mxc://matrix.example/face"))));
        assertThat(((Nick) p.getExtension(Nick.QNAME)).getName()).isEqualTo("Alice");
        assertThat(p.hasExtension("x", XmppToCanonical.VCARD_UPDATE_NAMESPACE)).isTrue();
        InboundResult back = reader.presence(p, GHOST);
        assertThat(((InboundResult.Translated) back).events().get(1)).isInstanceOfSatisfying(ProfileChanged.class,
                c -> assertThat(c.displayName()).contains("Alice"));
    }

    private Presence render(Event event) {
        List<Stanza> stanzas = renderer.render(event, GHOST, Jid.of("juliet", "capulet.com"), Message.Type.chat, "p-1");
        assertThat(stanzas).hasSize(1);
        StanzaSchemas.shared().validate(stanzas.get(0));
        return Stanzas.presence(stanzas.get(0).toXML().toString());
    }

    private static Origin origin() {
        return new Origin(Network.MATRIX, new NativeId("$" + EventId.random()));
    }
}
