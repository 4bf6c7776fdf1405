package dev.claudebottle.docker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The tar streams the Docker archive API speaks, for one regular file at a time. */
final class TarFiles {
    private TarFiles() {}

    /** What the first entry of an archive from {@code GET /containers/ID/archive} is. */
    sealed interface Entry {
        record File(byte[] content) implements Entry {}

        record NotAFile(String kind) implements Entry {}
    }

    static Optional<Entry> firstEntry(InputStream archive, int maxBytes) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null) {
                return Optional.empty();
            }
            if (!entry.isFile()) {
                return Optional.of(new Entry.NotAFile(entry.isDirectory() ? "a directory"
                        : entry.isSymbolicLink() ? "a symbolic link to " + entry.getLinkName() : "not a regular file"));
            }
            if (entry.getSize() > maxBytes) {
                throw new IOException("the file is " + entry.getSize() + " bytes; at most " + maxBytes + " are read");
            }
            return Optional.of(new Entry.File(tar.readAllBytes()));
        }
    }

    /**
     * An archive holding {@code content} at {@code name} (a relative path; its parent directories are
     * added as entries so extraction creates them), mode 0644.
     */
    static InputStream singleFile(String name, byte[] content) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(content.length + 2048);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buffer)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            String[] parts = name.split("/");
            StringBuilder dir = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                dir.append(parts[i]).append('/');
                TarArchiveEntry directory = new TarArchiveEntry(dir.toString());
                directory.setMode(040755);
                tar.putArchiveEntry(directory);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry file = new TarArchiveEntry(name);
            file.setMode(0100644);
            file.setSize(content.length);
            tar.putArchiveEntry(file);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return new ByteArrayInputStream(buffer.toByteArray());
    }
}
