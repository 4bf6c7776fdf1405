package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/bottle} as a real process with a given state home, environment and standard input. */
final class BottleProcess {
    static final Path LAUNCHER = Path.of("..", "bin", "bottle").toAbsolutePath().normalize();

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path home;

    BottleProcess(Path home) {
        this.home = home;
    }

    Result run(String... args) throws Exception {
        return run(Map.of(), "", args);
    }

    Result run(Map<String, String> environment, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLAUDE_BOTTLE_HOME", home.toString());
        builder.environment().put("BOTTLE_OPERATOR", "it-operator");
        builder.environment().remove("VISUAL");
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("bottle " + String.join(" ", args) + " finished").isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }
}
