package dev.claudebottle.egress;

/**
 * Where the routes file's bytes come from: a file on disk ({@link RoutesFileSource}, the {@code --routes} mode) or a
 * ConfigMap on the API server ({@link ConfigMapRoutes}, the Kubernetes mode). {@link LivePolicy} validates and swaps
 * whatever a source returns the same way in both modes.
 */
interface RoutesSource {
    /** What the status document names as {@code routes_file} and problems are located in, e.g. a path or {@code configmap/NAME}. */
    String description();

    /** Reads the routes as they are now; never throws (a failure is {@link Read.Unavailable}). */
    Read read();

    /** One read: the exact bytes, or why there are none. */
    sealed interface Read {
        /** The bytes as stored (not yet validated). */
        record Bytes(byte[] bytes) implements Read {}

        /** No bytes could be had; {@code reason} names what and where. */
        record Unavailable(String reason) implements Read {}
    }
}
