package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.CryptoFailure;
import dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext;
import dev.passerelle.connector.dma.mls.crypto.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/** TreeKEM (RFC 9420 sections 7.4 to 7.6): creating an UpdatePath and decrypting one. */
public final class TreeKem {

    private TreeKem() {
    }

    /** What a receiver learns from an UpdatePath. */
    public record Decrypted(int node, byte[] pathSecret, byte[] commitSecret) {

        /** Copies the secrets. */
        public Decrypted {
            pathSecret = pathSecret.clone();
            commitSecret = commitSecret.clone();
        }

        @Override
        public byte[] pathSecret() {
            return pathSecret.clone();
        }

        @Override
        public byte[] commitSecret() {
            return commitSecret.clone();
        }

        // Secrets stay out of logs.
        @Override
        public String toString() {
            return "Decrypted[node=" + node + "]";
        }
    }

    /** A new UpdatePath, the tree it produces, and the secrets its creator keeps. */
    public record Created(UpdatePath path, RatchetTree treeAfter, byte[] commitSecret,
            Map<Integer, byte[]> privateKeys, Map<Integer, byte[]> pathSecrets) {

        /** Copies the secrets. */
        public Created {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(treeAfter, "treeAfter");
            commitSecret = commitSecret.clone();
            Map<Integer, byte[]> copy = new HashMap<>();
            privateKeys.forEach((node, key) -> copy.put(node, key.clone()));
            privateKeys = Collections.unmodifiableMap(copy);
            Map<Integer, byte[]> secrets = new HashMap<>();
            pathSecrets.forEach((node, secret) -> secrets.put(node, secret.clone()));
            pathSecrets = Collections.unmodifiableMap(secrets);
        }

        /** The path secret of {@code node} on the filtered direct path, what a Welcome gives a new member. */
        public byte[] pathSecret(int node) {
            byte[] secret = pathSecrets.get(node);
            if (secret == null) {
                throw new IllegalArgumentException("node " + node + " is not on the filtered direct path");
            }
            return secret.clone();
        }

        @Override
        public byte[] commitSecret() {
            return commitSecret.clone();
        }

        // Secrets stay out of logs.
        @Override
        public String toString() {
            return "Created[" + path.nodes().size() + " path nodes]";
        }
    }

    /**
     * Creates an UpdatePath for member {@code sender} from {@code leafSecret} (fresh random bytes, Nh long): new
     * leaf and path keys, parent hashes, a new leaf signed with {@code signaturePrivateKey} (keeping the old leaf's
     * credential, capabilities and extensions), and the path secrets encrypted to each copath resolution under the
     * GroupContext that {@code groupContextFor} builds from the new tree hash.
     */
    public static Created create(CipherSuite suite, RatchetTree tree, int sender, byte[] leafSecret,
            byte[] signaturePrivateKey, byte[] groupId, Function<byte[], byte[]> groupContextFor) {
        return create(suite, tree, sender, leafSecret, signaturePrivateKey, groupId, groupContextFor, Set.of());
    }

    /**
     * As {@link #create(CipherSuite, RatchetTree, int, byte[], byte[], byte[], Function)} in a commit that also adds
     * the leaves {@code addedLeaves}: no path secret is encrypted to them (the Welcome gives them theirs).
     */
    public static Created create(CipherSuite suite, RatchetTree tree, int sender, byte[] leafSecret,
            byte[] signaturePrivateKey, byte[] groupId, Function<byte[], byte[]> groupContextFor,
            Set<Integer> addedLeaves) {
        LeafNode old = tree.leaf(sender).orElseThrow(() -> new IllegalArgumentException("no member at " + sender));
        List<Integer> filtered = tree.filteredDirectPath(sender);
        Map<Integer, byte[]> privateKeys = new HashMap<>();
        KeyPair leafKeys = nodeKeyPair(suite, leafSecret);
        privateKeys.put(TreeMath.leafToNode(sender), leafKeys.privateKey());
        List<byte[]> pathSecrets = new ArrayList<>();
        Map<Integer, byte[]> secretsByNode = new HashMap<>();
        List<byte[]> publicKeys = new ArrayList<>();
        byte[] secret = nextPathSecret(suite, leafSecret);
        for (int node : filtered) {
            KeyPair pair = nodeKeyPair(suite, secret);
            pathSecrets.add(secret);
            secretsByNode.put(node, secret);
            publicKeys.add(pair.publicKey());
            privateKeys.put(node, pair.privateKey());
            secret = nextPathSecret(suite, secret);
        }
        byte[] commitSecret = secret;

        RatchetTree withKeys = tree.withPathKeys(suite, sender, publicKeys);
        LeafNode unsigned = new LeafNode(leafKeys.publicKey(), old.signatureKey(), old.credential(),
                old.capabilities(), new LeafNodeSource.Commit(withKeys.leafParentHash(suite, sender)),
                old.extensions(), new byte[0]);
        byte[] signature = suite.signWithLabel(signaturePrivateKey, "LeafNodeTBS",
                unsigned.toBeSigned(groupId, sender));
        LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), unsigned.credential(),
                unsigned.capabilities(), unsigned.source(), unsigned.extensions(), signature);

        List<UpdatePath.Node> emptyNodes = new ArrayList<>();
        publicKeys.forEach(key -> emptyNodes.add(new UpdatePath.Node(key, List.of())));
        RatchetTree after = withKeys.withUpdatePath(suite, sender, new UpdatePath(leaf, emptyNodes));
        byte[] context = groupContextFor.apply(after.rootHash(suite));

        List<UpdatePath.Node> nodes = new ArrayList<>();
        int senderNode = TreeMath.leafToNode(sender);
        for (int i = 0; i < filtered.size(); i++) {
            int p = filtered.get(i);
            int copathChild = TreeMath.siblingOf(TreeMath.directPathChildToward(p, senderNode), p);
            List<HpkeCiphertext> ciphertexts = new ArrayList<>();
            for (int target : tree.resolution(copathChild)) {
                if (TreeMath.isLeaf(target) && addedLeaves.contains(target / 2)) {
                    continue;
                }
                byte[] publicKey = TreeMath.isLeaf(target)
                        ? tree.leaf(target / 2).orElseThrow().encryptionKey()
                        : tree.parent(target).orElseThrow().encryptionKey();
                ciphertexts.add(suite.encryptWithLabel(publicKey, "UpdatePathNode", context, pathSecrets.get(i)));
            }
            nodes.add(new UpdatePath.Node(publicKeys.get(i), ciphertexts));
        }
        return new Created(new UpdatePath(leaf, nodes), after, commitSecret, privateKeys, secretsByNode);
    }

    /** The next path secret up the tree: DeriveSecret(path_secret, "path"). */
    public static byte[] nextPathSecret(CipherSuite suite, byte[] pathSecret) {
        return suite.deriveSecret(pathSecret, "path");
    }

    /** The HPKE key pair of the node a path secret belongs to: DeriveKeyPair(DeriveSecret(path_secret, "node")). */
    public static KeyPair nodeKeyPair(CipherSuite suite, byte[] pathSecret) {
        return suite.deriveKeyPair(suite.deriveSecret(pathSecret, "node"));
    }

    /**
     * Decrypts {@code path} from {@code sender} as member {@code receiver}, holding the HPKE private keys in
     * {@code privateKeys} (by node index). {@code treeBefore} is the tree the path was made for, and
     * {@code groupContext} the encoded GroupContext of the new epoch. Every public key the derived secrets
     * produce must match the path's, or nothing is returned.
     */
    public static Decrypted decrypt(CipherSuite suite, RatchetTree treeBefore, int sender, UpdatePath path,
            int receiver, Map<Integer, byte[]> privateKeys, byte[] groupContext) {
        return decrypt(suite, treeBefore, sender, path, receiver, privateKeys, groupContext, Set.of());
    }

    /**
     * As {@link #decrypt(CipherSuite, RatchetTree, int, UpdatePath, int, Map, byte[])}, for a commit that also
     * adds the leaves {@code addedLeaves}: they are left out of the resolutions (they get the path secret from
     * the Welcome instead).
     */
    public static Decrypted decrypt(CipherSuite suite, RatchetTree treeBefore, int sender, UpdatePath path,
            int receiver, Map<Integer, byte[]> privateKeys, byte[] groupContext, Set<Integer> addedLeaves) {
        Objects.requireNonNull(privateKeys, "privateKeys");
        if (sender == receiver) {
            throw new IllegalArgumentException("a member does not decrypt its own UpdatePath");
        }
        List<Integer> filtered = treeBefore.filteredDirectPath(sender);
        if (filtered.size() != path.nodes().size()) {
            throw new IllegalArgumentException("the UpdatePath has " + path.nodes().size()
                    + " nodes but the sender's filtered direct path has " + filtered.size());
        }
        int receiverNode = TreeMath.leafToNode(receiver);
        List<Integer> receiverPath = TreeMath.directPath(receiverNode, treeBefore.leafCount());
        int index = 0;
        while (!receiverPath.contains(filtered.get(index))) {
            index++;
        }
        int ancestor = filtered.get(index);
        List<Integer> resolution = new ArrayList<>(
                treeBefore.resolution(TreeMath.directPathChildToward(ancestor, receiverNode)));
        addedLeaves.forEach(leaf -> resolution.remove(Integer.valueOf(TreeMath.leafToNode(leaf))));
        List<HpkeCiphertext> ciphertexts = path.nodes().get(index).encryptedPathSecret();
        if (ciphertexts.size() != resolution.size()) {
            throw new IllegalArgumentException("node " + ancestor + " has " + ciphertexts.size()
                    + " ciphertexts for a resolution of " + resolution.size());
        }
        for (int k = 0; k < resolution.size(); k++) {
            byte[] privateKey = privateKeys.get(resolution.get(k));
            if (privateKey != null) {
                HpkeCiphertext ct = ciphertexts.get(k);
                byte[] pathSecret = suite.decryptWithLabel(privateKey, "UpdatePathNode", groupContext,
                        ct.kemOutput(), ct.ciphertext());
                byte[] secret = pathSecret;
                for (int i = index; i < filtered.size(); i++) {
                    byte[] derived = nodeKeyPair(suite, secret).publicKey();
                    if (!MessageDigest.isEqual(derived, path.nodes().get(i).encryptionKey())) {
                        throw new CryptoFailure("path secret does not match the public key of node "
                                + filtered.get(i), null);
                    }
                    secret = nextPathSecret(suite, secret);
                }
                return new Decrypted(ancestor, pathSecret, secret);
            }
        }
        throw new IllegalArgumentException("no private key for any node of the resolution under " + ancestor);
    }
}
