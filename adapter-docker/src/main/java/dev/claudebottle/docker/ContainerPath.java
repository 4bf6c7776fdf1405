package dev.claudebottle.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.nio.file.Path;
import java.util.Optional;

/** Paths inside a container: validation, and how mounts map them onto a sibling container. */
final class ContainerPath {
    private ContainerPath() {}

    /** A container and a path in it. */
    record Target(String containerId, String path) {}

    /** {@code path} lies under a mount of {@code source} at {@code destination}, {@code rest} below it. */
    record MountedAt(String source, String destination, String rest) {}

    /** The normalised absolute path; rejects relative paths, the root itself and climbing out. */
    static String check(String path) {
        return dev.claudebottle.tools.egressproxy.ContainerFiles.checkedPath(path);
    }

    /** The read-only mount {@code path} falls under in that container, if any (the deepest one wins). */
    static Optional<MountedAt> readOnlyMount(InspectContainerResponse container, String path) {
        MountedAt best = null;
        boolean bestRw = true;
        if (container.getMounts() == null) {
            return Optional.empty();
        }
        for (InspectContainerResponse.Mount mount : container.getMounts()) {
            String destination = mount.getDestination() == null ? null : mount.getDestination().getPath();
            if (destination == null || !(path.equals(destination) || path.startsWith(destination + "/"))) {
                continue;
            }
            if (best == null || destination.length() > best.destination().length()) {
                best = new MountedAt(source(mount), destination, path.substring(destination.length()));
                bestRw = Boolean.TRUE.equals(mount.getRW());
            }
        }
        return best == null || bestRw ? Optional.empty() : Optional.of(best);
    }

    /** Where {@code mounted} appears writable in {@code container}, if it does. */
    static Optional<String> writablePathFor(InspectContainerResponse container, MountedAt mounted) {
        if (container.getMounts() == null) {
            return Optional.empty();
        }
        for (InspectContainerResponse.Mount mount : container.getMounts()) {
            if (Boolean.TRUE.equals(mount.getRW()) && mounted.source().equals(source(mount)) && mount.getDestination() != null) {
                return Optional.of(mount.getDestination().getPath() + mounted.rest());
            }
        }
        return Optional.empty();
    }

    private static String source(InspectContainerResponse.Mount mount) {
        return mount.getName() != null && !mount.getName().isEmpty() ? "volume:" + mount.getName() : "path:" + mount.getSource();
    }
}
