package dev.claudebottle.egress;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS engine both legs use: Netty's OpenSSL engine (BoringSSL from netty-tcnative-boringssl-static) by default,
 * the JDK's when OpenSSL does not load on this platform (another OS or CPU, a {@code noexec} temporary directory) or
 * when {@code -Degress.tls.engine=jdk} asks for it. The choice changes cost only: certificates are verified by the
 * same trust managers and host-name check either way.
 */
public final class TlsEngines {
    /** System property that selects the JDK's engine when set to {@code jdk} (anything else: OpenSSL where it loads). */
    public static final String PROPERTY = "egress.tls.engine";

    private TlsEngines() {}

    /** The engine to build TLS contexts with. */
    public static SslProvider provider() {
        if (!"jdk".equals(System.getProperty(PROPERTY)) && OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        return SslProvider.JDK;
    }
}
