package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    @Test
    void generatesOnFirstStartWithAnOwnerOnlyKeyAndReloadsTheSameCa() throws Exception {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(dir.resolve("ca"));
        Path key = dir.resolve("ca").resolve(CertificateAuthority.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");

        CertificateAuthority second = CertificateAuthority.loadOrCreate(dir.resolve("ca"));
        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(first.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void refusesAKeyReadableByOthers() throws Exception {
        CertificateAuthority.loadOrCreate(dir);
        Files.setPosixFilePermissions(dir.resolve(CertificateAuthority.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir)).isInstanceOf(IOException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAHalfPresentCa() throws Exception {
        CertificateAuthority.loadOrCreate(dir);
        Files.delete(dir.resolve(CertificateAuthority.KEY_FILE));
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir)).isInstanceOf(IOException.class).hasMessageContaining("only ca.pem");
    }

    @Test
    void mintsLeavesForOneHostSignedByTheCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("test");
        KeyPair keys = CertificateAuthority.newKeyPair();
        X509Certificate leaf = ca.mintLeaf("api.github.com", keys.getPublic());
        leaf.verify(ca.certificate().getPublicKey());
        leaf.checkValidity();
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "api.github.com"));
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(ca.mintLeaf("127.0.0.1", keys.getPublic()).getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
    }

    @Test
    void cachesOneServerContextPerHostCaseInsensitively() {
        CertificateAuthority ca = CertificateAuthority.generate("test");
        assertThat(ca.serverContextFor("Example.COM.")).isSameAs(ca.serverContextFor("example.com"));
        assertThat(ca.serverContextFor("a.example.com")).isNotSameAs(ca.serverContextFor("example.com"));
    }
}
