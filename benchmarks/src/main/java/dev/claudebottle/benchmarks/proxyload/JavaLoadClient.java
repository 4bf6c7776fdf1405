package dev.claudebottle.benchmarks.proxyload;

import java.time.Duration;

/**
 * The harness's original client ({@link Workloads}: blocking HTTPS/1.1 on virtual threads in the harness JVM), kept
 * selectable with {@code --client java} so results taken with it can be reproduced.
 */
final class JavaLoadClient implements LoadClient {
    private final int upstreamPort;

    JavaLoadClient(int upstreamPort) {
        this.upstreamPort = upstreamPort;
    }

    @Override
    public String description() {
        return "the Java client (blocking HTTPS/1.1 on virtual threads in the harness JVM; JDK TLS, session cache of 1 entry)";
    }

    @Override
    public Result run(Workload w, Target t, Duration length) throws Exception {
        Workloads workloads = new Workloads(upstreamPort, Duration.ZERO, length);
        Result r = switch (w.kind()) {
            case "keepalive" -> workloads.keepAliveSmall(t, w.clients(), "");
            case "paced" -> workloads.pacedKeepAlive(t, w.clients(), w.rate());
            case "newconn" -> workloads.newConnectionPerRequest(t, w.clients());
            case "download" -> workloads.largeDownload(t, w.clients(), w.bytes());
            case "idle" -> workloads.idleConnections(t, w.idle(), w.clients());
            default -> throw new IllegalArgumentException("unknown workload " + w.kind());
        };
        return new Result(w.title(), r.target(), r.requests(), r.errors(), r.seconds(), r.throughput(), r.unit(), r.p50Millis(),
                r.p99Millis(), r.p999Millis(), r.rssMiB(), r.peakRssMiB(), r.cpuPercent(), r.firstError(), r.loadAverage());
    }
}
