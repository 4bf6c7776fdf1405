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
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a component path must be absolute, e.g. /etc/egress-proxy/routes.yaml: " + path);
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a component path must not contain NUL");
        }
        Path relative = Path.of(path.substring(1)).normalize();
        if (relative.toString().isEmpty() || relative.startsWith("..")) {
            throw new IllegalArgumentException("a component path must name a file inside the component: " + path);
        }
        return root.resolve(relative);
    }
}
