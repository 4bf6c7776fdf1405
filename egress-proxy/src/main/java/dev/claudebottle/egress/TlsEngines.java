package dev.claudebottle.egress;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS engine both legs use: the JDK's by default; Netty's OpenSSL engine (BoringSSL from
 * netty-tcnative-boringssl-static) with {@code -Degress.tls.engine=openssl} when it loads on this platform. The
 * OpenSSL engine serves small requests faster but stalled large downloads in the benchmark (cause not found), so it
 * is opt-in. The choice changes cost only: certificates are verified by the same trust managers and host-name check
 * either way.
 */
public final class TlsEngines {
    /** System property that selects the OpenSSL engine when set to {@code openssl} (anything else: the JDK's). */
    public static final String PROPERTY = "egress.tls.engine";

    private TlsEngines() {}

    /** The engine to build TLS contexts with. */
    public static SslProvider provider() {
        if ("openssl".equals(System.getProperty(PROPERTY)) && OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        return SslProvider.JDK;
    }
}
