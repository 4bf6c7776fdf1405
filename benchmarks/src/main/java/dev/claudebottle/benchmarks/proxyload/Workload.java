package dev.claudebottle.benchmarks.proxyload;

/**
 * One workload as both load clients run it.
 *
 * @param kind keepalive (back to back on kept-alive connections), paced (keepalive at {@code rate} requests/s in total,
 *     latency from each request's scheduled start), newconn (a new TCP connection, CONNECT and full TLS handshake per
 *     request), download ({@code bytes} per request on kept-alive connections) or idle ({@code idle} connections held
 *     while {@code clients} run keepalive)
 * @param title the report's heading for it
 * @param clients concurrent clients (connections)
 */
record Workload(String kind, String title, int clients, double rate, long bytes, int idle) {
    static Workload keepAlive(String prefix, int clients) {
        return new Workload("keepalive", prefix + "keep-alive small requests (" + clients + " connections)", clients, 0, 0, 0);
    }

    static Workload paced(int clients, double rate) {
        return new Workload("paced", "p99 at half peak: keep-alive small requests paced at half of each target's peak (" + clients
                + " connections)", clients, rate, 0, 0);
    }

    static Workload newConnection(int clients) {
        return new Workload("newconn", "new TLS connection per request (" + clients + " concurrent)", clients, 0, 0, 0);
    }

    static Workload download(int clients, long bytes) {
        return new Workload("download", "large download " + (bytes >> 20) + " MiB (" + clients + " concurrent)", clients, 0, bytes, 0);
    }

    static Workload idle(int idle, int active) {
        return new Workload("idle", idle + " idle keep-alive connections held + " + active + " active", active, 0, 0, idle);
    }

    /** The same workload under another title (the cold and reload rows are keep-alive with their own headings). */
    Workload titled(String other) {
        return new Workload(kind, other, clients, rate, bytes, idle);
    }

    /** The request path. */
    String path() {
        return kind.equals("download") ? "/large/" + bytes : "/small";
    }

    /** The body length every answer must have. */
    long expectedBytes() {
        return kind.equals("download") ? bytes : Upstream.SMALL_BYTES;
    }
}
