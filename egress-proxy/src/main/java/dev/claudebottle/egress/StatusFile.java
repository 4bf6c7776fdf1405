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
 * The proxy's status: the shared {@link ProxyStatus} document, written after every load attempt. In file mode it is the
 * {@code --status} JSON file the supervisor polls after SIGHUP, written whole to a temporary file and renamed, so a
 * reader never sees half a status (without {@code --status}, writes are no-ops). In Kubernetes mode the same bytes go
 * to a {@link Sink} that publishes them in the status ConfigMap ({@link ConfigMapStatus}).
 */
final class StatusFile {
    /** Where the status document's bytes go, other than a file. */
    interface Sink extends AutoCloseable {
        /** Takes the newest document; must not block on I/O (the caller may be a reload or a signal). */
        void publish(byte[] document);

        /** Flushes what is pending (bounded wait) and stops. */
        @Override
        void close();
    }

    private final Optional<Path> path;
    private final Optional<Sink> sink;
    private volatile String state = "starting";
    private volatile String listen;

    StatusFile(Optional<Path> path) {
        this.path = path;
        this.sink = Optional.empty();
    }

    StatusFile(Sink sink) {
        this.path = Optional.empty();
        this.sink = Optional.of(sink);
    }

    /** What the status says; {@code lastError} is the last failed reload, cleared by a successful one. */
    record Status(PolicySnapshot snapshot, Optional<String> lastError, Optional<String> lastErrorSha256,
            Optional<Instant> lastAttemptAt, String routesFile) {}

    void markListening(String address) {
        listen = address;
        state = "running";
    }

    void markDraining() {
        state = "draining";
    }

    void write(Status status) {
        if (path.isEmpty() && sink.isEmpty()) {
            return;
        }
        PolicySnapshot s = status.snapshot();
        ProxyStatus document = new ProxyStatus(s.generation(), s.file().map(RoutesFile::sha256), Optional.of(s.loadedAt()),
                status.lastError(), status.lastErrorSha256().map(Sha256::parse), status.lastAttemptAt(),
                List.copyOf(s.secrets().missing()), s.file().isEmpty(), Optional.of(status.routesFile()),
                Optional.of(state), Optional.ofNullable(listen), Optional.of(ProcessHandle.current().pid()));
        byte[] bytes = (new String(document.toJson(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        sink.ifPresent(out -> out.publish(bytes));
        path.ifPresent(target -> writeFile(target, bytes));
    }

    /** Flushes and stops the sink, if there is one. */
    void close() {
        sink.ifPresent(Sink::close);
    }

    private static void writeFile(Path target, byte[] bytes) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".egress-status", ".tmp");
            Files.write(tmp, bytes);
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
