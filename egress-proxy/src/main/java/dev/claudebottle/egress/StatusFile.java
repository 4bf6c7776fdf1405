package dev.claudebottle.egress;

import dev.claudebottle.egress.contract.ProxyStatus;
import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --status} JSON file the supervisor polls after SIGHUP: the shared {@link ProxyStatus} document. Written whole to a temporary
 * file and renamed, so a reader never sees half a status. Without {@code --status}, writes are no-ops.
 */
final class StatusFile {
    private final Optional<Path> path;
    private volatile String state = "starting";
    private volatile String listen;

    StatusFile(Optional<Path> path) {
        this.path = path;
    }

    /** What the status says; {@code lastError} is the last failed reload, cleared by a successful one. */
    record Status(PolicySnapshot snapshot, Optional<String> lastError, Optional<String> lastErrorSha256,
            Optional<Instant> lastAttemptAt, Path routesFile) {}

    void markListening(String address) {
        listen = address;
        state = "running";
    }

    void markDraining() {
        state = "draining";
    }

    void write(Status status) {
        if (path.isEmpty()) {
            return;
        }
        PolicySnapshot s = status.snapshot();
        ProxyStatus document = new ProxyStatus(s.generation(), s.file().map(RoutesFile::sha256), Optional.of(s.loadedAt()),
                status.lastError(), status.lastErrorSha256().map(Sha256::parse), status.lastAttemptAt(),
                List.copyOf(s.secrets().missing()), s.file().isEmpty(), Optional.of(status.routesFile().toString()),
                Optional.of(state), Optional.ofNullable(listen), Optional.of(ProcessHandle.current().pid()));
        Path target = path.get();
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".egress-status", ".tmp");
            Files.write(tmp, (new String(document.toJson(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("egress-proxy: cannot write status file " + target + ": " + e.getMessage());
        }
    }
}
