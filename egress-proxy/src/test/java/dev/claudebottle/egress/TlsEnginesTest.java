package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.JdkSslContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both TLS legs use the JDK's engine by default, and Netty's OpenSSL engine on request where it loads (Linux x86-64/aarch64). */
class TlsEnginesTest {
    @AfterEach
    void clear() {
        System.clearProperty(TlsEngines.PROPERTY);
    }

    @Test
    void openSslLoadsOnThisPlatformAndBothLegsUseItOnRequest() throws Exception {
        System.setProperty(TlsEngines.PROPERTY, "openssl");
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative-boringssl-static loads: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(TlsEngines.provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(CertificateAuthority.generate("t").serverContextFor("example.com")).isInstanceOf(OpenSslContext.class);
        assertThat(UpstreamTrust.clientContext(java.util.List.of())).isInstanceOf(OpenSslContext.class);
    }

    @Test
    void theJdkEngineIsTheDefault() throws Exception {
        assertThat(TlsEngines.provider()).isEqualTo(SslProvider.JDK);
        assertThat(CertificateAuthority.generate("t").serverContextFor("example.com")).isInstanceOf(JdkSslContext.class);
        assertThat(UpstreamTrust.clientContext(java.util.List.of())).isInstanceOf(JdkSslContext.class);
    }
}
