package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.core.event.Role;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;

/**
 * How a hosted room shows a canonical {@link Role} as a XEP-0045 affiliation and role, and what each may do there.
 * OWNER is affiliation owner, ADMIN admin, MODERATOR member with the moderator role, MEMBER member with the
 * participant role, VISITOR no affiliation with the visitor role.
 */
final class MucRoles {
    private MucRoles() {
    }

    static MUCAffiliation affiliation(Role role) {
        if (role == Role.OWNER) {
            return MUCAffiliation.owner;
        } else if (role == Role.ADMIN) {
            return MUCAffiliation.admin;
        } else if (role == Role.VISITOR) {
            return MUCAffiliation.none;
        }
        return MUCAffiliation.member;
    }

    static MUCRole mucRole(Role role) {
        if (role == Role.VISITOR) {
            return MUCRole.visitor;
        }
        return role == Role.MEMBER ? MUCRole.participant : MUCRole.moderator;
    }

    static boolean isModerator(Role role) {
        return mucRole(role) == MUCRole.moderator;
    }

    /** XEP-0045 lets admins and owners ban (change an affiliation to outcast); moderators only kick. */
    static boolean canBan(Role role) {
        return role == Role.OWNER || role == Role.ADMIN;
    }

    static boolean canSpeak(Role role) {
        return role != Role.VISITOR;
    }
}
