package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.CryptoFailure;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.schedule.KeyAndNonce;
import dev.passerelle.connector.dma.mls.schedule.RatchetFailure;
import dev.passerelle.connector.dma.mls.schedule.RatchetType;
import dev.passerelle.connector.dma.mls.schedule.SecretTree;
import dev.passerelle.connector.dma.mls.schedule.SenderDataKeys;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Signing, tagging and encrypting message content (RFC 9420 section 6): PublicMessage with its membership tag,
 * PrivateMessage with sender data and content encrypted under the secret tree.
 */
public final class MessageProtection {

    private static final int REUSE_GUARD_LENGTH = 4;

    private MessageProtection() {
    }

    /** Content with its authentication data, as a receiver obtains it. */
    public record Authenticated(int wireFormat, FramedContent content, AuthData auth) {

        /** Checks presence. */
        public Authenticated {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(auth, "auth");
        }
    }

    /** FramedContentTBS: what the sender signs; member senders bind the GroupContext too. */
    public static byte[] toBeSigned(int wireFormat, FramedContent content, GroupContext context) {
        TlsWriter writer = new TlsWriter().uint16(GroupContext.MLS10).uint16(wireFormat);
        content.encode(writer);
        int senderType = content.sender().type();
        if (senderType == Sender.MEMBER || senderType == Sender.NEW_MEMBER_COMMIT) {
            context.encode(writer);
        }
        return writer.toByteArray();
    }

    /** Signs {@code content}; a commit must come with its confirmation tag, anything else without. */
    public static AuthData sign(CipherSuite suite, int wireFormat, FramedContent content, GroupContext context,
            byte[] signaturePrivateKey, Optional<byte[]> confirmationTag) {
        boolean commit = content.body().contentType() == FramedContent.COMMIT;
        if (commit != confirmationTag.isPresent()) {
            throw new IllegalArgumentException("a confirmation tag goes with commits and only with them");
        }
        byte[] signature = suite.signWithLabel(signaturePrivateKey, "FramedContentTBS",
                toBeSigned(wireFormat, content, context));
        return new AuthData(signature, confirmationTag);
    }

    /** A PublicMessage from a member; application data is refused (it must be encrypted). */
    public static PublicMessage protectPublic(CipherSuite suite, FramedContent content, GroupContext context,
            byte[] signaturePrivateKey, byte[] membershipKey, Optional<byte[]> confirmationTag) {
        if (content.body().contentType() == FramedContent.APPLICATION) {
            throw new IllegalArgumentException("application data must be sent as a PrivateMessage");
        }
        if (content.sender().type() != Sender.MEMBER) {
            throw new IllegalArgumentException("only member senders are supported so far");
        }
        AuthData auth = sign(suite, MlsMessage.PUBLIC_MESSAGE, content, context, signaturePrivateKey,
                confirmationTag);
        byte[] tag = membershipTag(suite, membershipKey, content, auth, context);
        return new PublicMessage(content, auth, Optional.of(tag));
    }

    /**
     * Checks a member's PublicMessage: group and epoch, membership tag, and signature under the key
     * {@code signatureKeys} gives for the sender's leaf. Anything wrong is a {@link MessageRejected}.
     */
    public static Authenticated unprotectPublic(CipherSuite suite, PublicMessage message, GroupContext context,
            byte[] membershipKey, LongFunction<byte[]> signatureKeys) {
        FramedContent content = message.content();
        checkGroupAndEpoch(content.groupId(), content.epoch(), context);
        if (content.body().contentType() == FramedContent.APPLICATION) {
            throw new MessageRejected("application data in a PublicMessage", null);
        }
        if (content.sender().type() != Sender.MEMBER || message.membershipTag().isEmpty()) {
            throw new MessageRejected("only member senders are supported so far", null);
        }
        byte[] expected = membershipTag(suite, membershipKey, content, message.auth(), context);
        if (!MessageDigest.isEqual(expected, message.membershipTag().get())) {
            throw new MessageRejected("bad membership tag", null);
        }
        verifySignature(suite, MlsMessage.PUBLIC_MESSAGE, content, message.auth(), context, signatureKeys);
        return new Authenticated(MlsMessage.PUBLIC_MESSAGE, content, message.auth());
    }

    /**
     * A PrivateMessage from member {@code content.sender()}: keys from the next generation of its ratchet in
     * {@code secretTree}, {@code reuseGuard} (4 random bytes) mixed into the nonce, {@code padding} zero bytes.
     */
    public static PrivateMessage protectPrivate(CipherSuite suite, FramedContent content, GroupContext context,
            byte[] signaturePrivateKey, Optional<byte[]> confirmationTag, SecretTree secretTree,
            byte[] senderDataSecret, byte[] reuseGuard, int padding) {
        if (content.sender().type() != Sender.MEMBER) {
            throw new IllegalArgumentException("a PrivateMessage is sent by a member");
        }
        if (reuseGuard.length != REUSE_GUARD_LENGTH || padding < 0) {
            throw new IllegalArgumentException("reuse guard must be 4 bytes and padding not negative");
        }
        AuthData auth = sign(suite, MlsMessage.PRIVATE_MESSAGE, content, context, signaturePrivateKey,
                confirmationTag);
        int contentType = content.body().contentType();
        int leaf = (int) content.sender().index();
        KeyAndNonce keys = secretTree.next(leaf, ratchetType(contentType));

        TlsWriter plaintext = new TlsWriter();
        content.body().encode(plaintext);
        auth.encode(plaintext);
        plaintext.fixed(new byte[padding]);
        byte[] ciphertext = suite.aeadSeal(keys.key(), guarded(keys.nonce(), reuseGuard),
                contentAad(content.groupId(), content.epoch(), contentType, content.authenticatedData()),
                plaintext.toByteArray());

        byte[] senderData = new TlsWriter().uint32(leaf).uint32(keys.generation()).fixed(reuseGuard).toByteArray();
        byte[] encryptedSenderData = suite.aeadSeal(SenderDataKeys.key(suite, senderDataSecret, ciphertext),
                SenderDataKeys.nonce(suite, senderDataSecret, ciphertext),
                senderDataAad(content.groupId(), content.epoch(), contentType), senderData);
        return new PrivateMessage(content.groupId(), content.epoch(), contentType, content.authenticatedData(),
                encryptedSenderData, ciphertext);
    }

    /**
     * Decrypts and checks a PrivateMessage: group and epoch, sender data, content under the sender's ratchet key
     * of the announced generation, zero padding, signature. Anything wrong is a {@link MessageRejected} and leaves
     * the secret tree as it was; an accepted message consumes its key.
     */
    public static Authenticated unprotectPrivate(CipherSuite suite, PrivateMessage message, GroupContext context,
            SecretTree secretTree, byte[] senderDataSecret, LongFunction<byte[]> signatureKeys) {
        checkGroupAndEpoch(message.groupId(), message.epoch(), context);
        int contentType = message.contentType();
        if (contentType < FramedContent.APPLICATION || contentType > FramedContent.COMMIT) {
            throw new MessageRejected("unknown content type " + contentType, null);
        }
        byte[] ciphertext = message.ciphertext();
        try {
            SenderData sender = openSenderData(suite, message, senderDataSecret);
            long leaf = sender.leaf();
            long generation = sender.generation();
            byte[] reuseGuard = sender.reuseGuard();
            if (leaf > Integer.MAX_VALUE) {
                throw new MessageRejected("sender leaf " + leaf + " out of range", null);
            }
            KeyAndNonce keys = secretTree.peek((int) leaf, ratchetType(contentType), generation);
            byte[] plaintext = suite.aeadOpen(keys.key(), guarded(keys.nonce(), reuseGuard),
                    contentAad(message.groupId(), message.epoch(), contentType, message.authenticatedData()),
                    ciphertext);
            TlsReader reader = new TlsReader(plaintext);
            FramedContent.Body body = FramedContent.Body.decode(reader, contentType, 0);
            AuthData auth = AuthData.decode(reader, contentType);
            int paddingAt = reader.offset();
            for (byte b : reader.fixed(reader.remaining())) {
                if (b != 0) {
                    throw new TlsDecodeException("non-zero padding", paddingAt);
                }
            }
            FramedContent content = new FramedContent(message.groupId(), message.epoch(), Sender.member(leaf),
                    message.authenticatedData(), body);
            verifySignature(suite, MlsMessage.PRIVATE_MESSAGE, content, auth, context, signatureKeys);
            // Accepted: only now is the key consumed (and deleted), so a forged message changes nothing.
            secretTree.get((int) leaf, ratchetType(contentType), generation);
            return new Authenticated(MlsMessage.PRIVATE_MESSAGE, content, auth);
        } catch (CryptoFailure | TlsDecodeException | RatchetFailure | IllegalArgumentException e) {
            throw new MessageRejected("PrivateMessage refused: " + e.getMessage(), e);
        }
    }

    private static void verifySignature(CipherSuite suite, int wireFormat, FramedContent content, AuthData auth,
            GroupContext context, LongFunction<byte[]> signatureKeys) {
        byte[] key = signatureKeys.apply(content.sender().index());
        if (key == null) {
            throw new MessageRejected("no member at leaf " + content.sender().index(), null);
        }
        if (!suite.verifyWithLabel(key, "FramedContentTBS", toBeSigned(wireFormat, content, context),
                auth.signature())) {
            throw new MessageRejected("bad signature", null);
        }
    }

    private static byte[] membershipTag(CipherSuite suite, byte[] membershipKey, FramedContent content,
            AuthData auth, GroupContext context) {
        TlsWriter tbm = new TlsWriter().fixed(toBeSigned(MlsMessage.PUBLIC_MESSAGE, content, context));
        auth.encode(tbm);
        return suite.mac(membershipKey, tbm.toByteArray());
    }

    private static void checkGroupAndEpoch(byte[] groupId, long epoch, GroupContext context) {
        if (!Arrays.equals(groupId, context.groupId())) {
            throw new MessageRejected("message for another group", null);
        }
        if (epoch != context.epoch()) {
            throw new MessageRejected("message for epoch " + Long.toUnsignedString(epoch) + ", group is in "
                    + Long.toUnsignedString(context.epoch()), null);
        }
    }

    private static RatchetType ratchetType(int contentType) {
        return contentType == FramedContent.APPLICATION ? RatchetType.APPLICATION : RatchetType.HANDSHAKE;
    }

    private static byte[] guarded(byte[] nonce, byte[] reuseGuard) {
        byte[] out = nonce.clone();
        for (int i = 0; i < REUSE_GUARD_LENGTH; i++) {
            out[i] ^= reuseGuard[i];
        }
        return out;
    }

    /**
     * The ratchet generation a PrivateMessage of this epoch was sent under, read from its sender data (which any
     * member can open, the sender too); the content is not opened and no key is consumed. A message that is not of
     * this group and epoch, or whose sender data does not open, is a {@link MessageRejected}.
     */
    public static long senderGeneration(CipherSuite suite, PrivateMessage message, GroupContext context,
            byte[] senderDataSecret) {
        checkGroupAndEpoch(message.groupId(), message.epoch(), context);
        try {
            return openSenderData(suite, message, senderDataSecret).generation();
        } catch (CryptoFailure | TlsDecodeException e) {
            throw new MessageRejected("sender data does not open: " + e.getMessage(), e);
        }
    }

    /** A PrivateMessage's sender data: the sending leaf, its ratchet generation and the reuse guard. */
    private record SenderData(long leaf, long generation, byte[] reuseGuard) {
    }

    private static SenderData openSenderData(CipherSuite suite, PrivateMessage message, byte[] senderDataSecret) {
        byte[] ciphertext = message.ciphertext();
        byte[] senderData = suite.aeadOpen(SenderDataKeys.key(suite, senderDataSecret, ciphertext),
                SenderDataKeys.nonce(suite, senderDataSecret, ciphertext),
                senderDataAad(message.groupId(), message.epoch(), message.contentType()),
                message.encryptedSenderData());
        TlsReader reader = new TlsReader(senderData);
        SenderData opened = new SenderData(reader.uint32(), reader.uint32(), reader.fixed(REUSE_GUARD_LENGTH));
        reader.finish();
        return opened;
    }

    private static byte[] contentAad(byte[] groupId, long epoch, int contentType, byte[] authenticatedData) {
        return new TlsWriter().opaque(groupId).uint64(epoch).uint8(contentType).opaque(authenticatedData)
                .toByteArray();
    }

    private static byte[] senderDataAad(byte[] groupId, long epoch, int contentType) {
        return new TlsWriter().opaque(groupId).uint64(epoch).uint8(contentType).toByteArray();
    }
}
