package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.util.Objects;
import java.util.Optional;

/**
 * RatchetTreeOption (draft-mahy-mls-ratchet-tree-options-04 section 3): how a receiver gets the ratchet tree. A
 * full tree is kept as its exact encoding, {@code optional<Node> ratchet_tree<V>} (the draft writes
 * {@code Node ratchet_tree<V>}, but blank nodes must be representable, so the RFC 9420 ratchet_tree extension
 * layout is used) and checked with {@link RatchetTree#decode}.
 */
public record RatchetTreeOption(Representation representation, Optional<Opaque> fullTree, Optional<String> url) {

    /** RatchetTreeRepresentation. */
    public enum Representation implements Coded {
        /** The tree is inline. */
        FULL(1),
        /** The tree can be fetched from an https URL. */
        HTTPS_URI(2),
        /** The tree comes by some other application means. */
        OUT_OF_BAND(3),
        /** The distribution service (the hub) rebuilds the tree. */
        DISTRIBUTION_SERVICE(4);

        private final int code;

        Representation(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** Checks the parts present match the representation; a full tree must decode. */
    public RatchetTreeOption {
        Objects.requireNonNull(representation, "representation");
        Objects.requireNonNull(fullTree, "fullTree");
        Objects.requireNonNull(url, "url");
        if (fullTree.isPresent() != (representation == Representation.FULL)) {
            throw new IllegalArgumentException("a ratchet tree is present exactly when the representation is full");
        }
        if (url.isPresent() != (representation == Representation.HTTPS_URI)) {
            throw new IllegalArgumentException("a URL is present exactly when the representation is httpsUri");
        }
        fullTree.ifPresent(tree -> {
            TlsReader reader = new TlsReader(tree.bytes());
            RatchetTree.decode(reader);
            reader.finish();
        });
    }

    /** The whole tree inline. */
    public static RatchetTreeOption full(RatchetTree tree) {
        TlsWriter out = new TlsWriter();
        tree.encode(out);
        return new RatchetTreeOption(Representation.FULL, Optional.of(Opaque.of(out.toByteArray())), Optional.empty());
    }

    /** The tree at an https URL. */
    public static RatchetTreeOption httpsUri(String url) {
        return new RatchetTreeOption(Representation.HTTPS_URI, Optional.empty(), Optional.of(url));
    }

    /** Out of band, or rebuilt by the distribution service: no payload. */
    public static RatchetTreeOption without(Representation representation) {
        return new RatchetTreeOption(representation, Optional.empty(), Optional.empty());
    }

    /** The inline tree, decoded; fails unless the representation is full. */
    public RatchetTree ratchetTree() {
        return RatchetTree.decode(new TlsReader(fullTree.orElseThrow(
                () -> new IllegalStateException("representation " + representation + " has no inline tree")).bytes()));
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        out.uint8(representation.code());
        fullTree.ifPresent(tree -> out.fixed(tree.bytes()));
        url.ifPresent(u -> out.opaque(u.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static RatchetTreeOption decode(BodyReader in, String name) {
        return in.field(name, r -> {
            Representation representation = r.code("representation", Representation.values());
            if (representation == Representation.FULL) {
                int start = r.offset();
                r.mls("ratchetTree", RatchetTree::decode);
                return new RatchetTreeOption(representation, Optional.of(r.since(start)), Optional.empty());
            }
            if (representation == Representation.HTTPS_URI) {
                return httpsUri(r.utf8("ratchetTreeUrl"));
            }
            return without(representation);
        });
    }
}
