package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.group.Extension;
import java.util.List;
import java.util.Objects;

/**
 * PartialGroupInfo (draft-mahy-mls-ratchet-tree-options-04 section 4): what the hub cannot rebuild of a GroupInfo
 * from the handshake it saw: whether a ratchet_tree extension is present, the other GroupInfo extensions and the
 * committer's signature.
 */
public record PartialGroupInfo(RatchetTreePresence ratchetTreePresence, List<Extension> groupInfoExtensions,
        Opaque signature) {

    /** RatchetTreePresence: the ratchet_tree extension across the previous and current epochs. */
    public enum RatchetTreePresence implements Coded {
        /** In neither epoch. */
        NO_RATCHET_TREE(0),
        /** In both. */
        PRESENT(1),
        /** In the previous one only. */
        REMOVED(2),
        /** In the current one only. */
        ADDED(3);

        private final int code;

        RatchetTreePresence(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** Checks presence and copies the list. */
    public PartialGroupInfo {
        Objects.requireNonNull(ratchetTreePresence, "ratchetTreePresence");
        groupInfoExtensions = BodyReader.copy(groupInfoExtensions, "groupInfoExtensions");
        Objects.requireNonNull(signature, "signature");
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        out.uint8(ratchetTreePresence.code()).vector(groupInfoExtensions, (w, e) -> e.encode(w))
                .opaque(signature.bytes());
    }

    static PartialGroupInfo decode(BodyReader in, String name) {
        return in.field(name, r -> new PartialGroupInfo(r.code("ratchetTreePresence", RatchetTreePresence.values()),
                r.mls("groupInfoExtensions", t -> t.vector(Extension::decode)), r.opaque("signature")));
    }

}
