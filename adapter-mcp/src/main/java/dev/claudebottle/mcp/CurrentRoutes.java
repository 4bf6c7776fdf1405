package dev.claudebottle.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the supervise server reads the bottle's routes in force: for the base SHA-256 when the agent sends none, and
 * for the guardrail check. A file (the agent's read-only copy, on Docker and local) or anything else the composition
 * root supplies (on Kubernetes, ConfigMap {@code egress-proxy-routes} read through the API). Implementations are
 * thread-safe and never throw: what cannot be read now is empty.
 */
public interface CurrentRoutes {

    /** The exact bytes of the routes in force; empty when they cannot be read now. */
    Optional<byte[]> read();

    /** Where they come from, for messages to the agent. */
    String where();

    /** The routes file at {@code file}. */
    static CurrentRoutes file(Path file) {
        Objects.requireNonNull(file, "file");
        return of(file.toString(), () -> {
            try {
                return Optional.of(Files.readAllBytes(file));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Routes {@code reader} reads from {@code where}; the reader returns empty rather than throwing. */
    static CurrentRoutes of(String where, Supplier<Optional<byte[]>> reader) {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(reader, "reader");
        return new CurrentRoutes() {
            @Override
            public Optional<byte[]> read() {
                return reader.get();
            }

            @Override
            public String where() {
                return where;
            }
        };
    }
}
