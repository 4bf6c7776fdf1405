package dev.claudebottle.egress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON line per decision: time, host, port, method, path (query removed: it may carry
 * tokens), verdict, reason, route, generation and SHA-256 of the routes file that decided. Thread-safe; each line is flushed whole.
 */
final class DecisionLog implements AutoCloseable {
    private final Optional<Path> file;
    private final Clock clock;
    private final Object lock = new Object();
    private final InstantText time = new InstantText();
    private PrintStream out;

    private DecisionLog(Optional<Path> file, PrintStream out, Clock clock) {
        this.file = file;
        this.out = out;
        this.clock = clock;
    }

    static DecisionLog open(Optional<Path> file, Clock clock) throws IOException {
        return new DecisionLog(file, file.isEmpty() ? System.out : append(file.get()), clock);
    }

    /** Opens the file for appending; a file it creates is its owner's only (the log names every host and path asked for). */
    private static PrintStream append(Path path) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        OutputStream stream = path.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Channels.newOutputStream(Files.newByteChannel(path, options,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))
                : Files.newOutputStream(path, options.toArray(StandardOpenOption[]::new));
        return new PrintStream(stream, false, StandardCharsets.UTF_8);
    }

    /**
     * Reopens the log file by name (done on SIGHUP), so a rotated-away file is left alone and new
     * lines go to a fresh file. No-op for standard output; on failure the old stream is kept.
     */
    void reopen() {
        if (file.isEmpty()) {
            return;
        }
        try {
            PrintStream fresh = append(file.get());
            synchronized (lock) {
                out.close();
                out = fresh;
            }
        } catch (IOException e) {
            System.err.println("egress-proxy: cannot reopen decision log " + file.get() + ": " + e.getMessage()
                    + "; still writing to the old file");
        }
    }

    /** One decided request. {@code route} is the route key ({@code host:port}) when a route applied. */
    record Entry(String host, int port, String method, String rawPath, boolean allowed, String reason,
            Optional<String> route, long generation, Optional<String> routesSha256, boolean tls) {}

    void record(Entry e) {
        String line = new JsonText.FlatObject(320)
                .field("time", time.of(clock.instant()))
                .field("host", e.host())
                .field("port", e.port())
                .field("method", e.method())
                .field("path", withoutQuery(e.rawPath()))
                .field("verdict", e.allowed() ? "allow" : "deny")
                .field("reason", e.reason())
                .field("route", e.route().orElse(null))
                .field("generation", e.generation())
                .field("routes_sha256", e.routesSha256().orElse(null))
                .field("tls", e.tls())
                .close(System.lineSeparator());
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            // one write of the whole line; PrintStream keeps its habit of recording, not throwing, an I/O error
            out.writeBytes(bytes);
            out.flush();
        }
    }

    /**
     * The path as sent up to the query (which may carry tokens). A fragment before the query stays: a
     * refused {@code /repos/acme/#/../../other} is logged as sent, not as the {@code /repos/acme/} it
     * pretended to be.
     */
    static String withoutQuery(String rawPath) {
        int q = rawPath.indexOf('?');
        return q < 0 ? rawPath : rawPath.substring(0, q);
    }

    @Override
    public void close() {
        if (file.isPresent()) {
            synchronized (lock) {
                out.close();
            }
        }
    }
}
