package dev.claudebottle.benchmarks.proxyload;

import java.util.OptionalInt;
import javax.net.ssl.SSLContext;

/**
 * One way to reach the upstream: through a proxy (its port, the CA clients must trust for it,
 * and its process id for RSS/CPU) or directly. Through a proxy the client sends a fake
 * {@code Authorization} the proxy must overwrite; directly it sends the real one (the upstream
 * answers 401 to anything else, so a proxy that forgets the overwrite shows up as errors).
 *
 * @param trust the Java client's trust (the proxy's CA, or the upstream's directly)
 * @param caFiles the Go client's trust: comma-separated PEM files (the upstream's CA and the proxy's CA)
 */
record Target(String name, OptionalInt proxyPort, SSLContext trust, String caFiles, long pid) {
    static final String FAKE_AUTHORIZATION = "Bearer agent-fake";

    static Target direct(SSLContext trust, String caFiles) {
        return new Target("direct", OptionalInt.empty(), trust, caFiles, -1);
    }

    /** The Authorization header value the load client sends. */
    String clientAuthorization() {
        return proxyPort.isPresent() ? FAKE_AUTHORIZATION : "Bearer " + Upstream.TOKEN;
    }
}
