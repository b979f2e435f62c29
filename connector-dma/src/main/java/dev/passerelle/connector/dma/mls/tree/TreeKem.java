package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.CryptoFailure;
import dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext;
import dev.passerelle.connector.dma.mls.crypto.KeyPair;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** TreeKEM path secrets (RFC 9420 section 7.4) and the receiving side of an UpdatePath (section 7.5). */
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
        List<Integer> resolution = treeBefore.resolution(TreeMath.directPathChildToward(ancestor, receiverNode));
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
