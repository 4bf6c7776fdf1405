package dev.claudebottle.cli.common;

import dev.claudebottle.routes.RoutesFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a routes file named on the command line. Reads at most one byte past the size limit, so
 * an oversized file is reported by the parser without loading all of it.
 */
public final class RoutesFileReader {
    private RoutesFileReader() {}

    public static RoutesFile read(Path path) {
        if (Files.isDirectory(path)) {
            throw new UserInputException("cannot read " + path + ": it is a directory, expected a routes.yaml file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return RoutesFile.of(in.readNBytes(RoutesFile.MAX_BYTES + 1));
        } catch (NoSuchFileException e) {
            throw new UserInputException("cannot read " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UserInputException("cannot read " + path + ": permission denied");
        } catch (IOException e) {
            throw new UserInputException("cannot read " + path + ": " + e.getMessage());
        }
    }
}
