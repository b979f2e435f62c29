package dev.passerelle.connector.dma.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@code application/mimi-message-status} body (draft-mahy-mimi-message-status-01): a list of message id and
 * status pairs about messages of one room, written with the deterministic CBOR codec of the content format. It is
 * not a MIMI content message: it travels as the whole application data of an MLS application message.
 */
public record MessageStatusReport(List<MessageStatus> statuses) {

    /** The media type of the encoding. */
    public static final String MEDIA_TYPE = "application/mimi-message-status";
    /** At most this many entries are decoded (a bound on allocation, like the content decoder's part count). */
    public static final int MAX_ENTRIES = 4096;

    public MessageStatusReport {
        statuses = List.copyOf(Objects.requireNonNull(statuses, "statuses"));
        if (statuses.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a status report holds at most " + MAX_ENTRIES + " entries, got "
                    + statuses.size());
        }
    }

    /** A report of one message's status. */
    public static MessageStatusReport of(MessageId messageId, int status) {
        return new MessageStatusReport(List.of(new MessageStatus(messageId, status)));
    }

    /** The deterministic CBOR encoding: {@code [* [bstr .size 32, uint]]}. */
    public byte[] encode() {
        CborWriter w = new CborWriter();
        w.arrayHeader(statuses.size());
        for (MessageStatus s : statuses) {
            w.arrayHeader(2).bytes(s.messageId().bytes()).integer(s.status());
        }
        return w.toByteArray();
    }

    /**
     * Decodes a report, refusing anything but the deterministic encoding of a valid one with a
     * {@link ContentException} naming the field ({@code $[1].messageId}) and the reason.
     */
    public static MessageStatusReport decode(byte[] report) {
        CborValue root = CborReader.decode(report, 2);
        if (!(root instanceof CborValue.Array entries)) {
            throw new ContentException("$", "a status report is an array, got " + ContentDecoder.kind(root));
        }
        if (entries.items().size() > MAX_ENTRIES) {
            throw new ContentException("$", "more than " + MAX_ENTRIES + " entries: " + entries.items().size());
        }
        List<MessageStatus> out = new ArrayList<>(entries.items().size());
        for (int i = 0; i < entries.items().size(); i++) {
            String path = "$[" + i + "]";
            if (!(entries.items().get(i) instanceof CborValue.Array pair) || pair.items().size() != 2) {
                throw new ContentException(path, "a per-message status is an array of 2 items, got "
                        + ContentDecoder.kind(entries.items().get(i)));
            }
            if (!(pair.items().get(0) instanceof CborValue.Bytes id)) {
                throw new ContentException(path + ".messageId", "expected a byte string, got "
                        + ContentDecoder.kind(pair.items().get(0)));
            }
            if (id.value().length != MessageId.LENGTH) {
                throw new ContentException(path + ".messageId", "must have " + MessageId.LENGTH + " bytes, got "
                        + id.value().length);
            }
            CborValue status = pair.items().get(1);
            if (!(status instanceof CborValue.Int n) || n.negative()) {
                throw new ContentException(path + ".status", "expected an unsigned integer, got "
                        + ContentDecoder.kind(status));
            }
            if (Long.compareUnsigned(n.raw(), MessageStatus.MAX_STATUS) > 0) {
                throw new ContentException(path + ".status", Long.toUnsignedString(n.raw()) + " exceeds the maximum "
                        + MessageStatus.MAX_STATUS);
            }
            out.add(new MessageStatus(MessageId.of(id.value()), (int) n.raw()));
        }
        return new MessageStatusReport(out);
    }
}
