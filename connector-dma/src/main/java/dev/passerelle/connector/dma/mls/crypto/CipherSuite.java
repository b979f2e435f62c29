package dev.passerelle.connector.dma.mls.crypto;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * MLS cipher suite 1, MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, with the labelled derivation, signature and
 * encryption functions of RFC 9420 section 5. Stateless and safe to share between threads.
 */
public final class CipherSuite {

    /** The only suite Passerelle implements. */
    public static final CipherSuite MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519 = new CipherSuite();

    /** Its registry value. */
    public static final int ID = 1;
    /** Hash and KDF output length (SHA-256). */
    public static final int NH = 32;
    /** AEAD key length (AES-128-GCM). */
    public static final int NK = 16;
    /** AEAD nonce length. */
    public static final int NN = 12;

    private static final byte[] LABEL_PREFIX = "MLS 1.0 ".getBytes(StandardCharsets.US_ASCII);
    private static final int GCM_TAG_BITS = 128;

    private CipherSuite() {
    }

    /** The suite's registry value. */
    public int id() {
        return ID;
    }

    /** SHA-256 of {@code data}. */
    public byte[] hash(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[NH];
        digest.doFinal(out, 0);
        return out;
    }

    /** HMAC-SHA256 of {@code data} under {@code key} (any length, including empty). */
    public byte[] mac(byte[] key, byte[] data) {
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(data, 0, data.length);
        byte[] out = new byte[NH];
        hmac.doFinal(out, 0);
        return out;
    }

    /** HKDF-Extract (RFC 5869): HMAC with the salt as key. */
    public byte[] extract(byte[] salt, byte[] ikm) {
        return mac(salt, ikm);
    }

    /** HKDF-Expand (RFC 5869) of {@code prk} to {@code length} bytes. */
    public byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * NH) {
            throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
        }
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            HMac hmac = new HMac(new SHA256Digest());
            hmac.init(new KeyParameter(prk));
            hmac.update(block, 0, block.length);
            hmac.update(info, 0, info.length);
            hmac.update((byte) counter);
            block = new byte[NH];
            hmac.doFinal(block, 0);
            int take = Math.min(NH, length - written);
            System.arraycopy(block, 0, out, written, take);
            written += take;
        }
        return out;
    }

    /** RefHash(label, value): the hash of the struct {opaque label<V>; opaque value<V>}; the label is used as is. */
    public byte[] refHash(String label, byte[] value) {
        return hash(new TlsWriter().opaque(utf8(label)).opaque(value).toByteArray());
    }

    /** ExpandWithLabel(secret, label, context, length), the label prefixed with "MLS 1.0 ". */
    public byte[] expandWithLabel(byte[] secret, String label, byte[] context, int length) {
        if (length < 0 || length > 0xffff) {
            throw new IllegalArgumentException("ExpandWithLabel length out of range: " + length);
        }
        byte[] kdfLabel = new TlsWriter().uint16(length).opaque(mlsLabel(label)).opaque(context).toByteArray();
        return expand(secret, kdfLabel, length);
    }

    /** DeriveSecret(secret, label) = ExpandWithLabel(secret, label, "", Nh). */
    public byte[] deriveSecret(byte[] secret, String label) {
        return expandWithLabel(secret, label, new byte[0], NH);
    }

    /** DeriveTreeSecret(secret, label, generation, length): the context is the generation as a uint32. */
    public byte[] deriveTreeSecret(byte[] secret, String label, long generation, int length) {
        return expandWithLabel(secret, label, new TlsWriter().uint32(generation).toByteArray(), length);
    }

    /** SignWithLabel: Ed25519 over the struct {opaque label<V>; opaque content<V>}. */
    public byte[] signWithLabel(byte[] privateKey, String label, byte[] content) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, ed25519Private(privateKey));
        byte[] signContent = signContent(label, content);
        signer.update(signContent, 0, signContent.length);
        return signer.generateSignature();
    }

    /** VerifyWithLabel: whether {@code signature} is a valid Ed25519 signature of the labelled content. */
    public boolean verifyWithLabel(byte[] publicKey, String label, byte[] content, byte[] signature) {
        if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        byte[] signContent = signContent(label, content);
        verifier.update(signContent, 0, signContent.length);
        return verifier.verifySignature(signature);
    }

    /** The Ed25519 public key of a raw 32-byte private key. */
    public byte[] signaturePublicKey(byte[] privateKey) {
        return ed25519Private(privateKey).generatePublicKey().getEncoded();
    }

    /** A fresh Ed25519 key pair. */
    public KeyPair generateSignatureKeyPair(SecureRandom random) {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(Objects.requireNonNull(random, "random"));
        return new KeyPair(key.getEncoded(), key.generatePublicKey().getEncoded());
    }

    /** EncryptWithLabel: HPKE base-mode seal with info {opaque label<V>; opaque context<V>} and empty AAD. */
    public HpkeCiphertext encryptWithLabel(byte[] publicKey, String label, byte[] context, byte[] plaintext) {
        HPKE hpke = hpke();
        try {
            byte[][] sealed = hpke.seal(hpke.deserializePublicKey(publicKey), encryptContext(label, context),
                    new byte[0], plaintext, null, null, null);
            return new HpkeCiphertext(sealed[1], sealed[0]);
        } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
            // Bouncy Castle reports a malformed key as IllegalArgumentException and a small-order X25519 point
            // (an all-zero shared secret) as IllegalStateException: both are bad input from a peer.
            throw new CryptoFailure("HPKE seal failed: " + e.getMessage(), e);
        }
    }

    /** DecryptWithLabel: HPKE base-mode open; a ciphertext that does not authenticate is a {@link CryptoFailure}. */
    public byte[] decryptWithLabel(byte[] privateKey, String label, byte[] context, byte[] kemOutput,
            byte[] ciphertext) {
        HPKE hpke = hpke();
        try {
            AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(privateKey, hpkePublicKey(privateKey));
            return hpke.open(kemOutput, recipient, encryptContext(label, context), new byte[0], ciphertext,
                    null, null, null);
        } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
            throw new CryptoFailure("HPKE open failed: " + e.getMessage(), e);
        }
    }

    /** The X25519 public key of a raw 32-byte HPKE private key. */
    public byte[] hpkePublicKey(byte[] privateKey) {
        if (privateKey.length != X25519PrivateKeyParameters.KEY_SIZE) {
            throw new CryptoFailure("X25519 private key must be 32 bytes, got " + privateKey.length, null);
        }
        return new X25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    /** HPKE DeriveKeyPair (RFC 9180 section 7.1.3) for DHKEM(X25519, HKDF-SHA256). */
    public KeyPair deriveKeyPair(byte[] ikm) {
        HPKE hpke = hpke();
        AsymmetricCipherKeyPair pair = hpke.deriveKeyPair(ikm);
        return new KeyPair(hpke.serializePrivateKey(pair.getPrivate()), hpke.serializePublicKey(pair.getPublic()));
    }

    /** AES-128-GCM encryption; the 16-byte tag is appended to the ciphertext. */
    public byte[] aeadSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        return aead(Cipher.ENCRYPT_MODE, key, nonce, aad, plaintext);
    }

    /** AES-128-GCM decryption; a ciphertext that does not authenticate is a {@link CryptoFailure}. */
    public byte[] aeadOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
        return aead(Cipher.DECRYPT_MODE, key, nonce, aad, ciphertext);
    }

    private static byte[] aead(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        if (key.length != NK || nonce.length != NN) {
            throw new IllegalArgumentException("AES-128-GCM needs a " + NK + "-byte key and a " + NN
                    + "-byte nonce, got " + key.length + " and " + nonce.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GCM_TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new CryptoFailure("AEAD ciphertext does not authenticate", e);
        } catch (GeneralSecurityException e) {
            // AES-GCM is mandatory in every Java 17 runtime: reaching this is a broken JDK, not bad input.
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }

    private static Ed25519PrivateKeyParameters ed25519Private(byte[] privateKey) {
        if (privateKey.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new CryptoFailure("Ed25519 private key must be 32 bytes, got " + privateKey.length, null);
        }
        return new Ed25519PrivateKeyParameters(privateKey, 0);
    }

    private static byte[] signContent(String label, byte[] content) {
        return new TlsWriter().opaque(mlsLabel(label)).opaque(content).toByteArray();
    }

    private static byte[] encryptContext(String label, byte[] context) {
        return new TlsWriter().opaque(mlsLabel(label)).opaque(context).toByteArray();
    }

    private static byte[] mlsLabel(String label) {
        byte[] suffix = utf8(label);
        byte[] out = new byte[LABEL_PREFIX.length + suffix.length];
        System.arraycopy(LABEL_PREFIX, 0, out, 0, LABEL_PREFIX.length);
        System.arraycopy(suffix, 0, out, LABEL_PREFIX.length, suffix.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return Objects.requireNonNull(s, "label").getBytes(StandardCharsets.UTF_8);
    }
}
