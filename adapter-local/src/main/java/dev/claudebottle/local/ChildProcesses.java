package dev.claudebottle.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a component's background process, detached from the caller's terminal session (so the
 * bottle outlives {@code bottle up} and a Ctrl-C there), with every signal at its default
 * disposition (so a {@code bottle up} run under nohup, which ignores SIGHUP, still starts a proxy
 * that reloads on SIGHUP), with output to a log file, with exactly the environment it is given
 * (nothing inherited: see {@link ChildEnvironment}) and, optionally, bytes on its standard input
 * that are written and closed at start; and stops it.
 */
final class ChildProcesses {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path ENV = Path.of("/usr/bin/env");

    /** Whether {@code env --default-signal} (GNU coreutils 8.31+) is there; probed once, on the first start. */
    private static final class SignalReset {
        static final boolean AVAILABLE = envResetsSignals();
    }

    private ChildProcesses() {}

    static ProcessHandle start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        return start(command, environment, java.util.Optional.empty(), log);
    }

    static ProcessHandle start(List<String> command, Map<String, String> environment, java.util.Optional<byte[]> stdin, Path log)
            throws IOException {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        if (SignalReset.AVAILABLE) {
            full.addAll(List.of(ENV.toString(), "--default-signal"));
        }
        full.addAll(command);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectInput(stdin.isPresent() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (stdin.isPresent()) {
            try (java.io.OutputStream in = process.getOutputStream()) {
                in.write(stdin.get());
            } catch (IOException e) {
                process.destroyForcibly();
                throw new IOException("could not hand the secrets to " + command.get(0) + " on its standard input: "
                        + e.getMessage(), e);
            }
        }
        return process.toHandle();
    }

    private static boolean envResetsSignals() {
        if (!Files.isExecutable(ENV)) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder(ENV.toString(), "--default-signal", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}; true once the process is gone. */
    static boolean stop(ProcessHandle process, long graceSeconds) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            process.onExit().get(graceSeconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                return !process.isAlive();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** The last lines of a log, for error messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
