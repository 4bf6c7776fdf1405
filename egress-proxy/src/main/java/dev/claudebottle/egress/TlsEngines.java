package dev.claudebottle.egress;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS engine both legs use: Netty's OpenSSL engine (BoringSSL from netty-tcnative-boringssl-static) when it
 * loads on this platform, else the JDK's. The choice changes cost only: certificates are verified by the same
 * trust managers and host-name check either way. {@code -Degress.tls.engine=jdk} forces the JDK engine.
 */
public final class TlsEngines {
    /** System property that forces the JDK engine when set to {@code jdk}. */
    public static final String PROPERTY = "egress.tls.engine";

    private TlsEngines() {}

    /** The engine to build TLS contexts with. */
    public static SslProvider provider() {
        if ("jdk".equals(System.getProperty(PROPERTY)) || !OpenSsl.isAvailable()) {
            return SslProvider.JDK;
        }
        return SslProvider.OPENSSL;
    }
}
