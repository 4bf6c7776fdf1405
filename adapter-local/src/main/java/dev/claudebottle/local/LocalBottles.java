package dev.claudebottle.local;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The local gateway's directory layout under the state home: {@code gateways/local/NAME/} per bottle,
 * and in it {@code components/COMPONENT/root/} (the component's files, as if it were its root file
 * system) and {@code components/COMPONENT/process} (how it runs). Thread-safe: it holds no state.
 */
final class LocalBottles {
    private final Path base;

    LocalBottles(Path stateHome) {
        this.base = stateHome.toAbsolutePath().normalize().resolve("gateways").resolve("local");
    }

    Path bottle(BottleId bottle) {
        return base.resolve(bottle.value());
    }

    Path component(BottleId bottle, Component component) {
        return bottle(bottle).resolve("components").resolve(component.name());
    }

    Path root(BottleId bottle, Component component) {
        return component(bottle, component).resolve("root");
    }

    boolean exists(BottleId bottle) {
        return Files.isDirectory(bottle(bottle));
    }

    /** The bottles that have a directory here, sorted by name. */
    Set<BottleId> all() {
        Set<BottleId> found = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        if (!Files.isDirectory(base)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path entry : entries) {
                try {
                    found.add(BottleId.of(entry.getFileName().toString()));
                } catch (IllegalArgumentException e) {
                    // Not a bottle directory (e.g. a temporary file); not ours to report here.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + base + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** How the component runs, or empty when the bottle has no such component. */
    Optional<ComponentProcess> process(BottleId bottle, Component component) {
        Path file = component(bottle, component).resolve("process");
        try {
            return Optional.of(ComponentProcess.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, bottle, component,
                    "the local record of " + bottle + "/" + component + " at " + file + " is unreadable (" + e.getMessage()
                            + "); run `bottle down " + bottle + "` and start it again", e);
        }
    }

    void recordProcess(BottleId bottle, Component component, ComponentProcess process) throws IOException {
        Path dir = component(bottle, component);
        Files.createDirectories(dir.resolve("root"));
        writeAtomically(dir.resolve("process"), (process.format() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes {@code dir} and everything below it; nothing happens when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Writes {@code content} to a temporary file next to {@code target} and renames it into place. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
