package dev.claudebottle.egress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --status} JSON file the supervisor polls after SIGHUP. Written whole to a temporary
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
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generation", s.generation());
        json.put("sha256", s.sha256().orElse(null));
        json.put("loaded_at", s.loadedAt().toString());
        json.put("last_error", status.lastError().orElse(null));
        json.put("last_error_sha256", status.lastErrorSha256().orElse(null));
        json.put("last_attempt_at", status.lastAttemptAt().map(Instant::toString).orElse(null));
        json.put("missing_secrets", List.copyOf(s.secrets().missing()));
        json.put("deny_all", s.file().isEmpty());
        json.put("routes_file", status.routesFile().toString());
        json.put("state", state);
        json.put("listen", listen);
        json.put("pid", ProcessHandle.current().pid());
        Path target = path.get();
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".egress-status", ".tmp");
            Files.writeString(tmp, JsonText.object(json) + "\n", StandardCharsets.UTF_8);
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
