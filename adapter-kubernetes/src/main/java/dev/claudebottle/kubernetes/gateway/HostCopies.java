package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.supervise.model.BottleId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;

/**
 * The operator's copies of a Kubernetes bottle's proxy CA and supervise token, under
 * {@code $CLAUDE_BOTTLE_HOME/gateways/kubernetes/<instance>/<bottle>/} (the token 0600), as the Docker gateway keeps its own.
 */
final class HostCopies {
    private final Path directory;

    HostCopies(Path stateHome, String instance, BottleId bottle) {
        this.directory = stateHome.toAbsolutePath().normalize().resolve("gateways").resolve("kubernetes").resolve(instance)
                .resolve(bottle.value());
    }

    /**
     * Whether this state home has started a bottle on {@code instance} of a cluster before ({@code bottle up} makes the
     * instance's directory first thing): then the operator's commands consult that cluster's state without being told.
     */
    static boolean usedBefore(Path stateHome, String instance) {
        return Files.isDirectory(stateHome.toAbsolutePath().normalize().resolve("gateways").resolve("kubernetes").resolve(instance));
    }

    /**
     * Whether the operator's commands consult {@code connection}'s cluster: it was named ({@link KubeConnection#named()})
     * or this state home used it before ({@link #usedBefore}).
     */
    static boolean consulted(KubeConnection connection, Path stateHome) {
        return connection.named() || usedBefore(stateHome, connection.instance());
    }

    /** Records that this state home uses {@code instance} (see {@link #usedBefore}). */
    static void markUsed(Path stateHome, String instance) throws IOException {
        Files.createDirectories(stateHome.toAbsolutePath().normalize().resolve("gateways").resolve("kubernetes").resolve(instance));
    }

    Path caFile() {
        return directory.resolve("ca.pem");
    }

    Path tokenFile() {
        return directory.resolve("supervise-token");
    }

    void write(String caPem, String token) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(caFile(), caPem, StandardCharsets.US_ASCII);
        Path tokenFile = tokenFile();
        Files.deleteIfExists(tokenFile);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token + "\n", StandardCharsets.US_ASCII);
    }

    /** Removes the copies; whether there were any. */
    boolean remove() throws IOException {
        if (!Files.exists(directory)) {
            return false;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        return true;
    }
}
