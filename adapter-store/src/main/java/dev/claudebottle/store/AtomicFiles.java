package dev.claudebottle.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Crash-safe file writes. Content goes to a temporary file in the same directory tree, is fsynced,
 * and only then appears under its final name, atomically: a reader sees the old file, the new one,
 * or none, never a part. A process killed at any step leaves at most a stray temporary file; the
 * next write into that directory removes strays older than {@link #STRAY_AGE} (a younger one may be
 * another process's write in progress).
 */
final class AtomicFiles {
    /** How old a temporary file must be before it counts as left behind by a killed writer. */
    static final Duration STRAY_AGE = Duration.ofHours(1);

    private AtomicFiles() {}

    /**
     * Creates {@code target} with {@code content} unless it exists: first writer wins, across
     * processes (link(2) fails if the name is taken).
     *
     * @return true if this call created it
     */
    static boolean createExclusive(Path target, byte[] content, Path tmpDir) throws IOException {
        Path tmp = writeTemporary(content, tmpDir);
        try {
            Files.createLink(target, tmp);
            fsyncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Replaces (or creates) {@code target} with {@code content} by an atomic rename. */
    static void replace(Path target, byte[] content, Path tmpDir) throws IOException {
        Path tmp = writeTemporary(content, tmpDir);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path writeTemporary(byte[] content, Path tmpDir) throws IOException {
        Files.createDirectories(tmpDir);
        removeStrays(tmpDir);
        Path tmp = tmpDir.resolve("tmp-" + UUID.randomUUID() + ".part");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Deletes temporary files older than {@link #STRAY_AGE}; best effort (the directory is normally empty). */
    private static void removeStrays(Path tmpDir) {
        Instant before = Instant.now().minus(STRAY_AGE);
        try (DirectoryStream<Path> strays = Files.newDirectoryStream(tmpDir, "tmp-*.part")) {
            for (Path stray : strays) {
                try {
                    if (Files.getLastModifiedTime(stray).toInstant().isBefore(before)) {
                        Files.deleteIfExists(stray);
                    }
                } catch (IOException e) {
                    // gone meanwhile, or not ours to delete: leave it
                }
            }
        } catch (IOException e) {
            // unreadable directory: the write itself will say so
        }
    }

    /** Makes a directory's new entries durable. Some file systems cannot open directories; they need not. */
    static void fsyncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported on this file system (directory fsync is a POSIX nicety); the rename is still atomic.
        }
    }
}
