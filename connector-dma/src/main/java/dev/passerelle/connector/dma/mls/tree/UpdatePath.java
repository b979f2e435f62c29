package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An UpdatePath (RFC 9420 section 7.6): the committer's new leaf and, for each node of its filtered direct path,
 * a new public key and the path secret encrypted to each node of the copath child's resolution.
 */
public record UpdatePath(LeafNode leafNode, List<Node> nodes) {

    /** One node of the path. */
    public record Node(byte[] encryptionKey, List<HpkeCiphertext> encryptedPathSecret) {

        /** Copies the key and list. */
        public Node {
            encryptionKey = Objects.requireNonNull(encryptionKey, "encryptionKey").clone();
            encryptedPathSecret = List.copyOf(Objects.requireNonNull(encryptedPathSecret, "encryptedPathSecret"));
        }

        @Override
        public byte[] encryptionKey() {
            return encryptionKey.clone();
        }

        void encode(TlsWriter writer) {
            writer.opaque(encryptionKey).vector(encryptedPathSecret,
                    (w, c) -> w.opaque(c.kemOutput()).opaque(c.ciphertext()));
        }

        static Node decode(TlsReader reader) {
            return new Node(reader.opaque(), reader.vector(r -> new HpkeCiphertext(r.opaque(), r.opaque())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Node that && Arrays.equals(encryptionKey, that.encryptionKey)
                    && encryptedPathSecret.equals(that.encryptedPathSecret);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(encryptionKey) + encryptedPathSecret.hashCode();
        }

        @Override
        public String toString() {
            return "Node[" + encryptedPathSecret.size() + " ciphertexts]";
        }
    }

    /** Checks presence and copies the list. */
    public UpdatePath {
        Objects.requireNonNull(leafNode, "leafNode");
        nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        leafNode.encode(writer);
        writer.vector(nodes, (w, n) -> n.encode(w));
    }

    /** Reads the struct. */
    public static UpdatePath decode(TlsReader reader) {
        return new UpdatePath(LeafNode.decode(reader), reader.vector(Node::decode));
    }
}
