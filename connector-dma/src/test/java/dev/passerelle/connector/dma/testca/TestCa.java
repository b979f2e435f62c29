package dev.passerelle.connector.dma.testca;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority on EC P-256: issues leaf certificates for DNS names (SAN dNSName,
 * serverAuth and clientAuth) and writes them as PEM files (leaf then CA, and a PKCS#8 key) into a directory.
 * Also makes the bad certificates of the negative tests: self-signed, expired, common-name only.
 */
public final class TestCa {

    /** One issued certificate: the PEM chain file, the PEM PKCS#8 key file and the leaf itself. */
    public record Issued(Path certChain, Path key, X509Certificate certificate) {

        /** The SHA-256 of the leaf's SubjectPublicKeyInfo, base64: what a pin names. */
        public String spkiPin() {
            return TestCa.spkiPin(certificate);
        }
    }

    private final Path dir;
    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Path caFile;
    private int issued;

    private TestCa(Path dir, String name, KeyPair keys, X509Certificate certificate, Path caFile) {
        this.dir = dir;
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
        this.caFile = caFile;
    }

    /** A new CA called {@code name} whose certificate is written to {@code dir/<name>-ca.pem}. */
    public static TestCa create(Path dir, String name) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(b, keys.getPrivate());
            Path file = dir.resolve(fileStem(name) + "-ca.pem");
            Files.writeString(file, pem(cert));
            return new TestCa(dir, name, keys, cert, file);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make the test CA", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PEM file holding this CA's certificate: a trust bundle. */
    public Path caBundle() {
        return caFile;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A leaf valid from an hour ago for a day, for the given DNS names. */
    public Issued issue(String... dnsNames) {
        Instant now = Instant.now();
        return issue(dnsNames.length == 0 ? "no-name" : dnsNames[0], List.of(dnsNames),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /** A leaf for the given DNS names whose validity ended yesterday. */
    public Issued issueExpired(String... dnsNames) {
        Instant now = Instant.now();
        return issue(dnsNames[0], List.of(dnsNames), now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
    }

    /** A leaf that names its host only in the subject common name, with no subjectAltName at all. */
    public Issued issueCommonNameOnly(String commonName) {
        Instant now = Instant.now();
        return issue(commonName, List.of(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /** A leaf with the given subject common name, SAN dNSNames (none: no SAN extension) and validity. */
    public Issued issue(String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter) {
        KeyPair leafKeys = newKeyPair();
        X509Certificate cert = leaf(new X500Name("CN=" + name), keys.getPrivate(), certificate, commonName, dnsNames,
                notBefore, notAfter, leafKeys);
        return write(commonName, leafKeys.getPrivate(), List.of(cert, certificate));
    }

    /** A self-signed leaf for the given DNS names, issued by no CA. */
    public static Issued selfSigned(Path dir, String... dnsNames) {
        KeyPair leafKeys = newKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = leaf(new X500Name("CN=" + dnsNames[0]), leafKeys.getPrivate(), null, dnsNames[0],
                List.of(dnsNames), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), leafKeys);
        Path chain = dir.resolve("self-signed-" + fileStem(dnsNames[0]) + "-" + System.nanoTime() + ".pem");
        Path key = dir.resolve(chain.getFileName() + ".key");
        try {
            Files.writeString(chain, pem(cert));
            Files.writeString(key, pkcs8(leafKeys.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(chain, key, cert);
    }

    /** The SHA-256 of a certificate's SubjectPublicKeyInfo, base64. */
    public static String spkiPin(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Issued write(String stem, PrivateKey key, List<X509Certificate> chain) {
        issued++;
        String base = fileStem(name) + "-" + fileStem(stem) + "-" + issued;
        Path chainFile = dir.resolve(base + ".pem");
        Path keyFile = dir.resolve(base + ".key");
        try {
            StringBuilder sb = new StringBuilder();
            for (X509Certificate c : chain) {
                sb.append(pem(c));
            }
            Files.writeString(chainFile, sb.toString());
            Files.writeString(keyFile, pkcs8(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(chainFile, keyFile, chain.get(0));
    }

    private static X509Certificate leaf(X500Name issuer, PrivateKey issuerKey, X509Certificate issuerCert,
            String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter, KeyPair leafKeys) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + commonName), leafKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(leafKeys.getPublic()));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
            }
            if (!dnsNames.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String dns : dnsNames) {
                    names.add(new GeneralName(GeneralName.dNSName, dns));
                }
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return sign(b, issuerKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static String pkcs8(PrivateKey key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS8Generator(key, null));
        }
        return out.toString();
    }

    private static String fileStem(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.US_ASCII)
                .replaceAll("[^A-Za-z0-9.-]", "_");
    }
}
