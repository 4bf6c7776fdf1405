package dev.claudebottle.store;

import dev.claudebottle.statejson.JsonFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link VersionHistory} in each bottle's {@code history/<component>/}: every version's exact bytes
 * once, named by SHA-256, and {@code versions.jsonl}, one line per time a version became live.
 * Unreadable index lines (a torn final append) are skipped; a version file whose bytes do not match
 * its name is treated as missing.
 */
final class FileVersionHistory implements VersionHistory {
    private static final String INDEX = "versions.jsonl";
    private static final String FORMAT = "claude-bottle/version/v1";

    private final BottleDirectories directories;

    FileVersionHistory(BottleDirectories directories) {
        this.directories = directories;
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, never read
    public void record(BottleId bottle, Component component, ConfigFile file, Instant at) {
        Path dir = directory(bottle, component);
        try {
            Files.createDirectories(dir);
            Path blob = dir.resolve(file.sha256().hex());
            if (find(bottle, component, file.sha256()).isEmpty()) {
                AtomicFiles.replace(blob, file.bytes(), directories.of(bottle).resolve("tmp"));
            }
            ObjectNode line = JsonFields.MAPPER.createObjectNode().put("format", FORMAT)
                    .put("sha256", file.sha256().hex()).put("applied_at", at.toString());
            byte[] bytes = (JsonFields.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            try (CrossProcessLock held = CrossProcessLock.acquireUninterruptibly(dir.resolve("versions.lock"));
                    FileChannel channel = FileChannel.open(dir.resolve(INDEX), StandardOpenOption.CREATE,
                            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                JsonLines.append(channel, JsonLines.tail(channel), bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not record a version in " + directories.describe(dir) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<AppliedVersion> list(BottleId bottle, Component component) {
        List<AppliedVersion> versions = new ArrayList<>();
        try {
            for (byte[] line : JsonLines.read(directory(bottle, component).resolve(INDEX)).lines()) {
                try {
                    JsonFields fields = JsonFields.parse(line, FORMAT);
                    versions.add(new AppliedVersion(bottle, component, fields.sha256("sha256"), fields.instant("applied_at")));
                } catch (IllegalArgumentException e) {
                    // A line that does not parse is not a version; listing carries on with the rest.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the version history of " + bottle + ": " + e.getMessage(), e);
        }
        return versions;
    }

    @Override
    public Optional<ConfigFile> find(BottleId bottle, Component component, Sha256 sha256) {
        try {
            ConfigFile file = ConfigFile.of(Files.readAllBytes(directory(bottle, component).resolve(sha256.hex())));
            return file.sha256().equals(sha256) ? Optional.of(file) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read version " + sha256.abbreviated() + ": " + e.getMessage(), e);
        }
    }

    private Path directory(BottleId bottle, Component component) {
        return directories.of(bottle).resolve("history").resolve(component.name());
    }
}
