package dev.claudebottle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/bottle} as an operator types it, against one state home. */
final class BottleCli {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path LAUNCHER = ROOT.resolve("bin/bottle");

    /** What one command did; {@code millis} is its wall-clock duration. */
    record Result(List<String> command, int exitCode, String out, String err, long millis) {
        String all() {
            return out + err;
        }
    }

    private final Path home;
    private final Map<String, String> environment = new HashMap<>();

    BottleCli(Path home) {
        this(home, Map.of());
    }

    /** As above, with more environment for every command (e.g. {@code KUBECONFIG} of one operator). */
    BottleCli(Path home, Map<String, String> more) {
        this.home = home;
        environment.put("CLAUDE_BOTTLE_HOME", home.toString());
        environment.put("BOTTLE_OPERATOR", "e2e-operator");
        environment.put(WebhookReceiver.KEY_ENV, WebhookReceiver.KEY); // the operator's webhook key, named by notify.json
        environment.putAll(more);
    }

    Path home() {
        return home;
    }

    /** The environment every command gets. */
    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    Result run(String... args) {
        return run(Map.of(), "", args);
    }

    Result run(Map<String, String> extraEnvironment, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("VISUAL");
        builder.environment().remove("EDITOR");
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        long started = System.nanoTime();
        try {
            Process process = builder.start();
            // Drained on a virtual thread, not the common pool, which a long command (bottle up) would hold: the
            // in-JVM Kubernetes client of the kubelet stand-in needs that pool meanwhile.
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> err.complete(drain(process, true)));
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = drain(process, false);
            assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("bottle " + String.join(" ", args) + " finished").isTrue();
            return new Result(List.copyOf(command.subList(1, command.size())), process.exitValue(), out, err.join(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code bottle ARGS} in the background, stdout and stderr to {@code log}; the caller ends it. */
    Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("VISUAL");
        builder.environment().remove("EDITOR");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs and asserts exit 0. */
    Result ok(String... args) {
        Result result = run(args);
        assertThat(result.exitCode()).as("bottle %s\n%s", String.join(" ", args), result.all()).isZero();
        return result;
    }

    private static String drain(Process process, boolean stderr) {
        try {
            return new String((stderr ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
