package dev.claudebottle.e2e.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A volume directory written the way the kubelet's AtomicWriter does: the files live in a timestamped
 * {@code ..<n>} directory, {@code ..data} is a symlink to it swapped by a rename, and each top-level name is a
 * symlink through {@code ..data}. A reader inside the container sees the old set or the new set, never a mix.
 */
final class AtomicDirectory {
    private static final String DATA = "..data";

    /** One file: its bytes, its mode and (when not -1) its owner. */
    record File(byte[] content, int mode, int owner) {
        boolean sameAs(File other) {
            return mode == other.mode && owner == other.owner && Arrays.equals(content, other.content);
        }
    }

    private final Path root;
    private Map<String, File> current;

    AtomicDirectory(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        setMode(root, 0755);
    }

    Path root() {
        return root;
    }

    /** Writes {@code files} (relative paths) unless they equal what is there; returns whether anything changed. */
    synchronized boolean write(Map<String, File> files, int group) throws IOException {
        Map<String, File> next = new TreeMap<>(files);
        if (current != null && current.size() == next.size() && current.entrySet().stream()
                .allMatch(e -> next.containsKey(e.getKey()) && e.getValue().sameAs(next.get(e.getKey())))) {
            return false;
        }
        Path version = Files.createDirectory(root.resolve(".." + System.nanoTime()));
        setMode(version, group >= 0 ? 02755 : 0755);
        for (Map.Entry<String, File> file : next.entrySet()) {
            Path target = version.resolve(file.getKey());
            if (!target.normalize().startsWith(version) || file.getKey().startsWith("..")) {
                throw new IllegalArgumentException("volume file path escapes its volume: " + file.getKey());
            }
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue().content());
            int mode = file.getValue().mode();
            if (group >= 0) {
                Files.setAttribute(target, "unix:gid", group);
                mode |= 0440;
            }
            if (file.getValue().owner() >= 0) {
                Files.setAttribute(target, "unix:uid", file.getValue().owner());
            }
            setMode(target, mode);
        }
        if (group >= 0) {
            Files.setAttribute(version, "unix:gid", group);
        }
        Path link = root.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, version.getFileName());
        Path previous = Files.isSymbolicLink(root.resolve(DATA)) ? root.resolve(Files.readSymbolicLink(root.resolve(DATA))) : null;
        Files.move(link, root.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Set<String> names = new HashSet<>();
        for (String path : next.keySet()) {
            names.add(path.split("/")[0]);
        }
        for (String name : names) {
            Path visible = root.resolve(name);
            if (!Files.isSymbolicLink(visible)) {
                Files.createSymbolicLink(visible, Path.of(DATA, name));
            }
        }
        try (var entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith("..") && !names.contains(name)) {
                    Files.delete(entry);
                }
            }
        }
        if (previous != null) {
            deleteTree(previous);
        }
        current = next;
        return true;
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void setMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> permissions = new HashSet<>();
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(path, permissions);
        if ((mode & 02000) != 0) {
            StandInDocker.ok("chmod", "g+s", path.toString());
        }
    }
}
