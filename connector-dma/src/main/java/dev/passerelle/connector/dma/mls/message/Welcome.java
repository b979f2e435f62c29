package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.CryptoFailure;
import dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A Welcome (RFC 9420 section 12.4.3): group secrets encrypted to each new member's init key, and the GroupInfo
 * encrypted under the welcome secret.
 */
public record Welcome(int cipherSuite, List<EncryptedGroupSecrets> secrets, byte[] encryptedGroupInfo) {

    /** The group secrets for one new member, named by its KeyPackageRef. */
    public record EncryptedGroupSecrets(byte[] newMember, HpkeCiphertext encryptedGroupSecrets) {

        /** Copies the reference. */
        public EncryptedGroupSecrets {
            newMember = Objects.requireNonNull(newMember, "newMember").clone();
            Objects.requireNonNull(encryptedGroupSecrets, "encryptedGroupSecrets");
        }

        @Override
        public byte[] newMember() {
            return newMember.clone();
        }

        void encode(TlsWriter writer) {
            writer.opaque(newMember).opaque(encryptedGroupSecrets.kemOutput())
                    .opaque(encryptedGroupSecrets.ciphertext());
        }

        static EncryptedGroupSecrets decode(TlsReader reader) {
            return new EncryptedGroupSecrets(reader.opaque(), new HpkeCiphertext(reader.opaque(), reader.opaque()));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EncryptedGroupSecrets that && Arrays.equals(newMember, that.newMember)
                    && encryptedGroupSecrets.equals(that.encryptedGroupSecrets);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(newMember) + encryptedGroupSecrets.hashCode();
        }

        @Override
        public String toString() {
            return "EncryptedGroupSecrets[newMember=" + HexFormat.of().formatHex(newMember) + "]";
        }
    }

    /** Checks ranges and copies the list and array. */
    public Welcome {
        if (cipherSuite < 0 || cipherSuite > 0xffff) {
            throw new IllegalArgumentException("cipher suite must be a uint16, got " + cipherSuite);
        }
        secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
        encryptedGroupInfo = Objects.requireNonNull(encryptedGroupInfo, "encryptedGroupInfo").clone();
    }

    @Override
    public byte[] encryptedGroupInfo() {
        return encryptedGroupInfo.clone();
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.uint16(cipherSuite).vector(secrets, (w, s) -> s.encode(w)).opaque(encryptedGroupInfo);
    }

    /** Reads the struct. */
    public static Welcome decode(TlsReader reader) {
        return new Welcome(reader.uint16(), reader.vector(EncryptedGroupSecrets::decode), reader.opaque());
    }

    /**
     * Decrypts the GroupSecrets addressed to the KeyPackage named {@code keyPackageRef}, with that KeyPackage's
     * init private key. No entry for it, or a ciphertext that does not open, is a {@link CryptoFailure}.
     */
    public GroupSecrets decryptGroupSecrets(CipherSuite suite, byte[] keyPackageRef, byte[] initPrivateKey) {
        for (EncryptedGroupSecrets entry : secrets) {
            if (MessageDigest.isEqual(entry.newMember, keyPackageRef)) {
                byte[] plain = suite.decryptWithLabel(initPrivateKey, "Welcome", encryptedGroupInfo,
                        entry.encryptedGroupSecrets().kemOutput(), entry.encryptedGroupSecrets().ciphertext());
                TlsReader reader = new TlsReader(plain);
                GroupSecrets groupSecrets = GroupSecrets.decode(reader);
                reader.finish();
                return groupSecrets;
            }
        }
        throw new CryptoFailure("the Welcome has no group secrets for KeyPackage "
                + HexFormat.of().formatHex(keyPackageRef), null);
    }

    /** Decrypts the GroupInfo with the key and nonce derived from {@code welcomeSecret}. */
    public GroupInfo decryptGroupInfo(CipherSuite suite, byte[] welcomeSecret) {
        byte[] key = suite.expandWithLabel(welcomeSecret, "key", new byte[0], CipherSuite.NK);
        byte[] nonce = suite.expandWithLabel(welcomeSecret, "nonce", new byte[0], CipherSuite.NN);
        byte[] plain = suite.aeadOpen(key, nonce, new byte[0], encryptedGroupInfo);
        TlsReader reader = new TlsReader(plain);
        GroupInfo info = GroupInfo.decode(reader);
        reader.finish();
        return info;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Welcome that && cipherSuite == that.cipherSuite && secrets.equals(that.secrets)
                && Arrays.equals(encryptedGroupInfo, that.encryptedGroupInfo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cipherSuite, secrets, Arrays.hashCode(encryptedGroupInfo));
    }

    @Override
    public String toString() {
        return "Welcome[cipherSuite=" + cipherSuite + ", secrets=" + secrets.size() + "]";
    }
}
