package dev.claudebottle.docker;

import java.io.IOException;
import java.util.Objects;

/**
 * The tags of the project's egress-proxy and supervise images as the Docker gateway builds them from a set of
 * {@link SidecarArtifacts}, computed without a Docker engine: the default images of the Kubernetes gateway's pods, for
 * a local cluster that shares this machine's images.
 */
public record SidecarImageTags(String egressProxy, String supervise) {
    public SidecarImageTags {
        Objects.requireNonNull(egressProxy, "egressProxy");
        Objects.requireNonNull(supervise, "supervise");
    }

    /** The tags {@code artifacts} give (their contents are hashed; nothing is built). */
    public static SidecarImageTags of(SidecarArtifacts artifacts) throws IOException {
        SidecarImages.Built built = SidecarImages.tags(artifacts);
        return new SidecarImageTags(built.egressProxy(), built.supervise());
    }
}
