package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both TLS legs use Netty's OpenSSL engine by default where it loads (Linux x86-64/aarch64), and the JDK's on request. */
class TlsEnginesTest {
    @AfterEach
    void clear() {
        System.clearProperty(TlsEngines.PROPERTY);
    }

    @Test
    void openSslLoadsOnThisPlatformAndIsTheDefaultOnBothLegs() throws Exception {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative-boringssl-static loads: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(TlsEngines.provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(CertificateAuthority.generate("t").serverContextFor("example.com")).isInstanceOf(OpenSslContext.class);
        assertThat(UpstreamTrust.clientContext(java.util.List.of())).isInstanceOf(OpenSslContext.class);
    }

    @Test
    void theJdkEngineOnRequest() throws Exception {
        System.setProperty(TlsEngines.PROPERTY, "jdk");
        assertThat(TlsEngines.provider()).isEqualTo(SslProvider.JDK);
        assertThat(CertificateAuthority.generate("t").serverContextFor("example.com")).isInstanceOf(JdkSslContext.class);
        assertThat(UpstreamTrust.clientContext(java.util.List.of())).isInstanceOf(JdkSslContext.class);
    }

    @Test
    void anyOtherValueKeepsTheDefault() {
        System.setProperty(TlsEngines.PROPERTY, "openssl");
        assertThat(TlsEngines.provider()).isEqualTo(SslProvider.OPENSSL);
    }
}
