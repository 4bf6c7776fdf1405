package dev.claudebottle.benchmarks.proxyload;

import java.util.OptionalInt;
import javax.net.ssl.SSLContext;

/**
 * One way to reach the upstream: through a proxy (its port, the CA clients must trust for it,
 * and its process id for RSS/CPU) or directly.
 */
record Target(String name, OptionalInt proxyPort, SSLContext trust, long pid) {
    static Target direct(SSLContext trust) {
        return new Target("direct", OptionalInt.empty(), trust, -1);
    }
}
