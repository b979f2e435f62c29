package dev.passerelle.connector.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Role;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

@Tag("feature:muc-portal")
class RoomTest {

    @Test
    void anyDisplayNamesGiveDistinctValidNicks() {
        qt().withExamples(300)
                .forAll(lists().of(strings().allPossible().ofLengthBetween(0, 12)).ofSizeBetween(1, 12))
                .checkAssert(names -> {
                    Room room = new Room(JidCreate.entityBareFromOrThrowUnchecked("r@gw.localhost"), "R",
                            Optional.empty());
                    Set<Resourcepart> nicks = new HashSet<>();
                    for (int i = 0; i < names.size(); i++) {
                        Resourcepart nick = room.uniqueNick(names.get(i), Optional.empty());
                        assertThat(Resourcepart.fromOrNull(nick.toString())).isEqualTo(nick);
                        assertThat(nicks.add(nick)).as("nick %s given twice", nick).isTrue();
                        room.add(Occupant.remote(nick, Role.MEMBER, MatrixUserId.parse("@u" + i + ":example.org")));
                    }
                });
    }

    @Test
    void clashesGetNumberedSuffixesAndBlankNamesAFallback() {
        Room room = new Room(JidCreate.entityBareFromOrThrowUnchecked("r@gw.localhost"), "R", Optional.empty());
        for (String name : List.of("Ann", "Ann", " Ann ", "\u0007", "")) {
            Resourcepart nick = room.uniqueNick(name, Optional.empty());
            room.add(Occupant.remote(nick, Role.MEMBER, MatrixUserId.parse("@u" + room.occupants().size()
                    + ":example.org")));
        }
        assertThat(room.occupants()).extracting(o -> o.nick().toString())
                .containsExactly("Ann", "Ann (2)", "Ann (3)", "user", "user (2)");
    }

    @Test
    void anOccupantKeepsItsOwnNick() {
        Room room = new Room(JidCreate.entityBareFromOrThrowUnchecked("r@gw.localhost"), "R", Optional.empty());
        Occupant ann = Occupant.remote(room.uniqueNick("Ann", Optional.empty()), Role.MEMBER,
                MatrixUserId.parse("@ann:example.org"));
        room.add(ann);
        assertThat(room.uniqueNick("Ann", Optional.of(ann)).toString()).isEqualTo("Ann");
        assertThat(room.uniqueNick("Ann", Optional.empty()).toString()).isEqualTo("Ann (2)");
    }
}
