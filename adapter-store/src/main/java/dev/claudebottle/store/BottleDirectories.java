package dev.claudebottle.store;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.StoreProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each bottle's directory is: under {@code $CLAUDE_BOTTLE_HOME/bottles/} on the host, or a
 * single directory mounted into that bottle's supervise sidecar. Everything about one bottle lives
 * in its directory, so the single-bottle form needs nothing else.
 */
abstract sealed class BottleDirectories {

    /** The directory of {@code bottle}; may not exist yet. */
    abstract Path of(BottleId bottle);

    /** The bottles that have a directory, and entries that are not bottle directories. */
    abstract Listing existing();

    /** A path relative to the state root, for messages. */
    abstract String describe(Path path);

    record Listing(Map<BottleId, Path> bottles, List<StoreProblem> problems) {}

    /** Every bottle, under {@code home/bottles}. */
    static BottleDirectories home(Path home) {
        return new Home(home);
    }

    /** Just {@code bottle}, whose directory is {@code directory}. */
    static BottleDirectories single(BottleId bottle, Path directory) {
        return new Single(bottle, directory);
    }

    private static final class Home extends BottleDirectories {
        private final Path home;
        private final Path bottles;

        Home(Path home) {
            this.home = home.toAbsolutePath().normalize();
            this.bottles = this.home.resolve("bottles");
        }

        @Override
        Path of(BottleId bottle) {
            return bottles.resolve(bottle.value());
        }

        @Override
        Listing existing() {
            Map<BottleId, Path> found = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
            List<StoreProblem> problems = new ArrayList<>();
            if (!Files.isDirectory(bottles)) {
                return new Listing(found, problems);
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(bottles)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    try {
                        BottleId bottle = BottleId.of(name);
                        if (Files.isDirectory(entry)) {
                            found.put(bottle, entry);
                        } else {
                            problems.add(new StoreProblem(describe(entry), "not a directory; ignored"));
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add(new StoreProblem(describe(entry), "not a bottle directory (" + e.getMessage() + "); ignored"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + bottles + ": " + e.getMessage(), e);
            }
            return new Listing(found, problems);
        }

        @Override
        String describe(Path path) {
            Path absolute = path.toAbsolutePath().normalize();
            return absolute.startsWith(home) ? home.relativize(absolute).toString() : absolute.toString();
        }
    }

    private static final class Single extends BottleDirectories {
        private final BottleId bottle;
        private final Path directory;

        Single(BottleId bottle, Path directory) {
            this.bottle = bottle;
            this.directory = directory.toAbsolutePath().normalize();
        }

        @Override
        Path of(BottleId requested) {
            if (!requested.equals(bottle)) {
                throw new IllegalArgumentException("this store holds only bottle " + bottle + ", not " + requested);
            }
            return directory;
        }

        @Override
        Listing existing() {
            return new Listing(Files.isDirectory(directory) ? Map.of(bottle, directory) : Map.of(), List.of());
        }

        @Override
        String describe(Path path) {
            Path absolute = path.toAbsolutePath().normalize();
            return absolute.startsWith(directory) ? bottle + "/" + directory.relativize(absolute) : absolute.toString();
        }
    }
}
