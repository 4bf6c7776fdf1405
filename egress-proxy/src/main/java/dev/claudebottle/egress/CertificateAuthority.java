package dev.claudebottle.egress;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The proxy's own certificate authority: {@code ca.pem} (what bottles trust) and {@code ca.key}
 * (mode 0600) in one directory, generated on first use, plus the per-host leaf certificates it
 * mints for interception. Leaves share one key pair (generated per process) and are cached per
 * host. Thread-safe.
 */
public final class CertificateAuthority {
    public static final String CERT_FILE = "ca.pem";
    public static final String KEY_FILE = "ca.key";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Under the 398 days browsers and the JDK accept for leaf certificates. */
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    private static final int LEAF_CACHE_LIMIT = 4096;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final KeyPair leafKeys;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SslContext> leafContexts = new ConcurrentHashMap<>();

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
        this.leafKeys = newKeyPair();
    }

    /**
     * Loads the CA from {@code dir}, or generates and stores one when neither file exists. A half
     * present CA (one file without the other) or a key readable by others is refused, not repaired.
     */
    public static CertificateAuthority loadOrCreate(Path dir) throws IOException {
        Path certFile = dir.resolve(CERT_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        boolean certExists = Files.exists(certFile);
        boolean keyExists = Files.exists(keyFile);
        if (certExists && keyExists) {
            return load(certFile, keyFile);
        }
        if (certExists || keyExists) {
            throw new IOException("CA directory " + dir + " holds only " + (certExists ? CERT_FILE : KEY_FILE)
                    + "; remove it to generate a new CA, or restore the missing file");
        }
        return create(dir, certFile, keyFile);
    }

    /** Generates a new CA in memory (for tests and tools that need one without files). */
    public static CertificateAuthority generate(String commonName) {
        KeyPair keys = newKeyPair();
        return new CertificateAuthority(selfSign(keys, commonName), keys.getPrivate());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as PEM text. */
    public String certificatePem() {
        return pem(certificate);
    }

    /** A TLS server context presenting a leaf for {@code host} (cached; minted on first use). */
    public SslContext serverContextFor(String host) {
        String canonical = Authority.canonicalHost(host);
        SslContext cached = leafContexts.get(canonical);
        if (cached != null) {
            return cached;
        }
        if (leafContexts.size() >= LEAF_CACHE_LIMIT) {
            leafContexts.clear();
        }
        return leafContexts.computeIfAbsent(canonical, this::newServerContext);
    }

    /** Mints a leaf for {@code host}: SAN = that DNS name or IP, server auth only, signed by this CA. */
    public X509Certificate mintLeaf(String host, PublicKey subjectKey) {
        try {
            Instant now = Instant.now();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    certificate, serial(), Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(LEAF_VALIDITY)),
                    subject, subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            GeneralName name = IP_LITERAL.matcher(host).matches()
                    ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress())
                    : new GeneralName(GeneralName.dNSName, host);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(name));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            return sign(builder, key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not mint a certificate for " + host, e);
        }
    }

    /** A fresh EC P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK ships EC P-256", e);
        }
    }

    /** PEM text of a certificate. */
    public static String pem(Object certificateOrKey) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificateOrKey);
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory cannot fail", e);
        }
        return out.toString();
    }

    private SslContext newServerContext(String host) {
        try {
            return SslContextBuilder.forServer(leafKeys.getPrivate(), mintLeaf(host, leafKeys.getPublic()), certificate)
                    .sslProvider(TlsEngines.provider())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("could not build a TLS context for " + host, e);
        }
    }

    private static CertificateAuthority create(Path dir, Path certFile, Path keyFile) throws IOException {
        Files.createDirectories(dir);
        KeyPair keys = newKeyPair();
        X509Certificate cert = selfSign(keys, "claude-bottle egress-proxy CA");
        writePrivate(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()));
        Path tmp = Files.createTempFile(dir, ".ca", ".pem");
        Files.writeString(tmp, pem(cert), StandardCharsets.US_ASCII);
        Files.move(tmp, certFile, StandardCopyOption.ATOMIC_MOVE);
        return new CertificateAuthority(cert, keys.getPrivate());
    }

    private static void writePrivate(Path keyFile, String text) throws IOException {
        // created 0600 from the start: the key is never readable by others, not even briefly
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        Path tmp = Files.createTempFile(keyFile.getParent(), ".ca", ".key", PosixFilePermissions.asFileAttribute(ownerOnly));
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(tmp, ownerOnly);
        Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
    }

    private static CertificateAuthority load(Path certFile, Path keyFile) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile, LinkOption.NOFOLLOW_LINKS);
        if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw new IOException(keyFile + " is readable by others (mode " + PosixFilePermissions.toString(perms)
                    + "); run chmod 600 " + keyFile);
        }
        try (Reader certReader = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII);
                PEMParser certPem = new PEMParser(certReader);
                Reader keyReader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                PEMParser keyPem = new PEMParser(keyReader)) {
            if (!(certPem.readObject() instanceof X509CertificateHolder holder)) {
                throw new IOException(certFile + " does not start with a PEM certificate");
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            Object keyObject = keyPem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key;
            if (keyObject instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (keyObject instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IOException(keyFile + " does not hold a PEM private key");
            }
            cert.checkValidity();
            return new CertificateAuthority(cert, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("CA in " + certFile.getParent() + " is unusable: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSign(KeyPair keys, String commonName) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "claude-bottle").addRDN(BCStyle.CN, commonName).build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial(new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not create the CA certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no signer for " + SIGNATURE, e);
        }
    }

    private BigInteger serial() {
        return serial(random);
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }
}
