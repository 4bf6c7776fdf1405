package dev.claudebottle.docker;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Docker build context assembled in Java: a Dockerfile plus a {@code rootfs/} tree of files,
 * directories and symbolic links, written as a reproducible tar (sorted entries, fixed times and
 * owners) whose SHA-256 names the image built from it. Not thread-safe; build one, then write it.
 */
final class BuildContext {
    private final Map<String, Entry> entries = new TreeMap<>();

    private sealed interface Entry {
        record FromFile(Path source, int mode) implements Entry {}

        record Bytes(byte[] content, int mode) implements Entry {}

        record Link(String target) implements Entry {}
    }

    BuildContext dockerfile(String text) {
        entries.put("Dockerfile", new Entry.Bytes(text.getBytes(StandardCharsets.UTF_8), 0644));
        return this;
    }

    /** Adds the host file {@code source} at {@code path} (relative to the context), keeping its exec bit. */
    BuildContext file(String path, Path source) {
        entries.put(path, new Entry.FromFile(source, executable(source) ? 0755 : 0644));
        return this;
    }

    BuildContext bytes(String path, byte[] content, int mode) {
        entries.put(path, new Entry.Bytes(content.clone(), mode));
        return this;
    }

    BuildContext symlink(String path, String target) {
        entries.put(path, new Entry.Link(target));
        return this;
    }

    /** Adds every file and symbolic link under {@code directory} below {@code prefix}. */
    BuildContext tree(String prefix, Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.toList()) {
                String name = prefix + "/" + directory.relativize(path).toString().replace('\\', '/');
                if (Files.isSymbolicLink(path)) {
                    symlink(name, Files.readSymbolicLink(path).toString());
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    file(name, path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + directory + " for an image build: " + e.getMessage(), e);
        }
        return this;
    }

    /** Writes the context as a tar to {@code target} and returns the SHA-256 (hex) of those bytes. */
    String writeTo(Path target) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
                DigestOutputStream digest = new DigestOutputStream(file, sha);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(digest)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Set<String> directories = new java.util.TreeSet<>();
            for (String name : entries.keySet()) {
                for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                    directories.add(name.substring(0, slash + 1));
                }
            }
            for (String directory : directories) {
                TarArchiveEntry entry = new TarArchiveEntry(directory);
                entry.setMode(040755);
                put(tar, entry, null);
            }
            for (Map.Entry<String, Entry> item : entries.entrySet()) {
                switch (item.getValue()) {
                    case Entry.Link link -> {
                        TarArchiveEntry entry = new TarArchiveEntry(item.getKey(), TarArchiveEntry.LF_SYMLINK);
                        entry.setLinkName(link.target());
                        entry.setMode(0120777);
                        put(tar, entry, null);
                    }
                    case Entry.Bytes bytes -> {
                        TarArchiveEntry entry = new TarArchiveEntry(item.getKey());
                        entry.setMode(0100000 | bytes.mode());
                        entry.setSize(bytes.content().length);
                        put(tar, entry, new java.io.ByteArrayInputStream(bytes.content()));
                    }
                    case Entry.FromFile from -> {
                        TarArchiveEntry entry = new TarArchiveEntry(item.getKey());
                        entry.setMode(0100000 | from.mode());
                        entry.setSize(Files.size(from.source()));
                        try (InputStream in = Files.newInputStream(from.source())) {
                            put(tar, entry, in);
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, InputStream content) throws IOException {
        entry.setModTime(0);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        tar.putArchiveEntry(entry);
        if (content != null) {
            content.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static boolean executable(Path source) {
        try {
            return Files.getPosixFilePermissions(source).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(source);
        }
    }
}
