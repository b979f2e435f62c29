package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.GroupInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * GroupInfoOption (section 5.3): the GroupInfo of the new epoch that a commit hands the hub, whole or partial. The
 * GroupInfo is the RFC 9420 struct (not an MLSMessage) and omits the ratchet_tree extension.
 */
public record GroupInfoOption(Optional<GroupInfo> groupInfo, Optional<PartialGroupInfo> partialGroupInfo) {

    /** GroupInfoRepresentation. */
    public enum Representation implements Coded {
        /** The whole GroupInfo. */
        FULL(1),
        /** A PartialGroupInfo; the hub rebuilds the rest. */
        PARTIAL(2);

        private final int code;

        Representation(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** Checks exactly one of the two is present. */
    public GroupInfoOption {
        Objects.requireNonNull(groupInfo, "groupInfo");
        Objects.requireNonNull(partialGroupInfo, "partialGroupInfo");
        if (groupInfo.isPresent() == partialGroupInfo.isPresent()) {
            throw new IllegalArgumentException("a GroupInfoOption holds a full or a partial GroupInfo, not "
                    + (groupInfo.isPresent() ? "both" : "neither"));
        }
    }

    /** A whole GroupInfo. */
    public static GroupInfoOption full(GroupInfo groupInfo) {
        return new GroupInfoOption(Optional.of(groupInfo), Optional.empty());
    }

    /** A PartialGroupInfo. */
    public static GroupInfoOption partial(PartialGroupInfo partialGroupInfo) {
        return new GroupInfoOption(Optional.empty(), Optional.of(partialGroupInfo));
    }

    /** Which one this is. */
    public Representation representation() {
        return groupInfo.isPresent() ? Representation.FULL : Representation.PARTIAL;
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        out.uint8(representation().code());
        groupInfo.ifPresent(g -> g.encode(out));
        partialGroupInfo.ifPresent(p -> p.encode(out));
    }

    static GroupInfoOption decode(BodyReader in, String name) {
        return in.field(name, r -> {
            Representation representation = r.code("representation", Representation.values());
            if (representation == Representation.FULL) {
                return full(r.mls("groupInfo", GroupInfo::decode));
            }
            return partial(PartialGroupInfo.decode(r, "partialGroupInfo"));
        });
    }
}
