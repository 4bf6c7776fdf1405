package dev.claudebottle.local;

import java.nio.file.Path;

/**
 * Maps a path as a component sees it ({@code /etc/egress-proxy/routes.yaml}) onto the directory that
 * stands in for that component's root file system. Paths must be absolute, name a file (not the
 * root), and may not climb out with {@code ..}.
 */
final class ComponentPath {
    private ComponentPath() {}

    static Path resolve(Path root, String path) {
        return root.resolve(dev.claudebottle.tools.egressproxy.ContainerFiles.checkedPath(path).substring(1));
    }
}
