package dev.passerelle.connector.xmpp.muc;

import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;

/**
 * The standing of a room member as the other network grants it (Matrix power levels, MIMI roles), which the hosted
 * room shows as a XEP-0045 affiliation and role.
 */
public enum Role {
    /** Creator or top power level: affiliation owner, role moderator. */
    OWNER(MUCAffiliation.owner, MUCRole.moderator),
    /** Can change the room's settings and ban: affiliation admin, role moderator. */
    ADMIN(MUCAffiliation.admin, MUCRole.moderator),
    /** Can kick and redact but not configure: affiliation member, role moderator. */
    MODERATOR(MUCAffiliation.member, MUCRole.moderator),
    /** An ordinary member who may speak: affiliation member, role participant. */
    MEMBER(MUCAffiliation.member, MUCRole.participant),
    /** Present but not allowed to speak: affiliation none, role visitor. */
    VISITOR(MUCAffiliation.none, MUCRole.visitor);

    private final MUCAffiliation affiliation;
    private final MUCRole role;

    Role(MUCAffiliation affiliation, MUCRole role) {
        this.affiliation = affiliation;
        this.role = role;
    }

    MUCAffiliation affiliation() {
        return affiliation;
    }

    MUCRole mucRole() {
        return role;
    }

    boolean isModerator() {
        return role == MUCRole.moderator;
    }

    /** XEP-0045 lets admins and owners ban (change an affiliation to outcast); moderators only kick. */
    boolean canBan() {
        return this == OWNER || this == ADMIN;
    }

    boolean canSpeak() {
        return this != VISITOR;
    }
}
