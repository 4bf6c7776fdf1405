package dev.claudebottle.egress;

import dev.claudebottle.routes.RoutesFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The {@code --routes FILE} source: the file as it is at the moment of each read (SIGHUP reloads). */
final class RoutesFileSource implements RoutesSource {
    private final Path file;

    RoutesFileSource(Path file) {
        this.file = file;
    }

    @Override
    public String description() {
        return file.toString();
    }

    @Override
    public Read read() {
        try {
            if (Files.size(file) > RoutesFile.MAX_BYTES) {
                return new Read.Unavailable("routes file " + file + " is larger than " + RoutesFile.MAX_BYTES + " bytes");
            }
            return new Read.Bytes(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new Read.Unavailable("routes file " + file + " does not exist");
        } catch (IOException e) {
            return new Read.Unavailable("cannot read routes file " + file + ": " + e.getMessage());
        }
    }
}
