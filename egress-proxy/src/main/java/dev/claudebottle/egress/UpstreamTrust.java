package dev.claudebottle.egress;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How the proxy verifies upstream servers: the JDK's system trust anchors plus any extra PEM
 * bundles given with {@code --upstream-ca}, with HTTPS host-name verification. Never trust-all.
 */
final class UpstreamTrust {
    private UpstreamTrust() {}

    /** A client TLS context that verifies chains against the system roots and {@code extraBundles}. */
    static SslContext clientContext(List<Path> extraBundles) throws IOException {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate root : systemRoots()) {
                anchors.setCertificateEntry("system-" + n++, root);
            }
            for (Path bundle : extraBundles) {
                int before = n;
                try (InputStream in = Files.newInputStream(bundle)) {
                    for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        anchors.setCertificateEntry("extra-" + n++, cert);
                    }
                }
                if (n == before) {
                    throw new IOException("--upstream-ca " + bundle + " holds no PEM certificate");
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            return SslContextBuilder.forClient()
                    .sslProvider(TlsEngines.provider())
                    .trustManager(tmf)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IOException("could not build the upstream trust store: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] systemRoots() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (var manager : tmf.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }
}
