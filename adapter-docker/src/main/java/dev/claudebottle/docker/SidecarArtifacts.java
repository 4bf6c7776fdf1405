package dev.claudebottle.docker;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the sidecar images are built from: the JDK whose {@code jlink} makes the runtime, the
 * egress-proxy's class path and the {@code bottle} CLI's class path (which runs {@code bottle supervise}),
 * and the project version that prefixes image tags.
 */
public record SidecarArtifacts(Path jdkHome, List<Path> egressProxyClasspath, List<Path> bottleClasspath, String version) {
    public SidecarArtifacts {
        Objects.requireNonNull(jdkHome, "jdkHome");
        Objects.requireNonNull(version, "version");
        egressProxyClasspath = List.copyOf(egressProxyClasspath);
        bottleClasspath = List.copyOf(bottleClasspath);
    }
}
