package dev.passerelle.connector.dma.mls.state;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import java.util.Objects;

/** A KeyPackage with the private keys its owner keeps: the HPKE init key and the leaf's encryption key. */
public record KeyPackageBundle(KeyPackage keyPackage, byte[] initPrivateKey, byte[] encryptionPrivateKey) {

    /** Checks presence and copies the keys. */
    public KeyPackageBundle {
        Objects.requireNonNull(keyPackage, "keyPackage");
        initPrivateKey = Objects.requireNonNull(initPrivateKey, "initPrivateKey").clone();
        encryptionPrivateKey = Objects.requireNonNull(encryptionPrivateKey, "encryptionPrivateKey").clone();
    }

    @Override
    public byte[] initPrivateKey() {
        return initPrivateKey.clone();
    }

    @Override
    public byte[] encryptionPrivateKey() {
        return encryptionPrivateKey.clone();
    }

    /** The serialised form, private keys included: KeyPackage, opaque init key, opaque encryption key. */
    public byte[] toBytes() {
        TlsWriter writer = new TlsWriter();
        keyPackage.encode(writer);
        return writer.opaque(initPrivateKey).opaque(encryptionPrivateKey).toByteArray();
    }

    /** Reads {@link #toBytes}. */
    public static KeyPackageBundle fromBytes(byte[] bytes) {
        TlsReader reader = new TlsReader(bytes);
        KeyPackageBundle bundle = new KeyPackageBundle(KeyPackage.decode(reader), reader.opaque(), reader.opaque());
        reader.finish();
        return bundle;
    }

    // Private keys stay out of logs.
    @Override
    public String toString() {
        return "KeyPackageBundle[" + keyPackage + "]";
    }
}
