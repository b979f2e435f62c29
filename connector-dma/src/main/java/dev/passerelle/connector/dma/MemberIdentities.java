package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.mls.tree.Credential;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who the leaves of a room's ratchet tree are: by Passerelle's convention (and the hub's) a client's basic
 * credential identity is its user's MIMI URI, so leaves map to users without asking anyone.
 */
final class MemberIdentities {

    private MemberIdentities() {
    }

    /** The user URI of leaf {@code leaf}, if it is occupied by a basic credential. */
    static Optional<String> userAt(RatchetTree tree, int leaf) {
        return tree.leaf(leaf).map(l -> l.credential()).filter(Credential.Basic.class::isInstance)
                .map(c -> new String(((Credential.Basic) c).identity(), StandardCharsets.UTF_8));
    }

    /** The leaves of {@code user}'s clients. */
    static List<Integer> leavesOf(RatchetTree tree, String user) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < tree.leafCount(); i++) {
            if (userAt(tree, i).map(user::equals).orElse(false)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Every user with at least one client in the tree, in leaf order. */
    static Set<String> users(RatchetTree tree) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < tree.leafCount(); i++) {
            userAt(tree, i).ifPresent(out::add);
        }
        return out;
    }
}
