package dev.claudebottle.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The docker CLI, for what the tests themselves create (test images, upstream containers) and inspect. */
final class Docker {
    /** Label on every image and container the tests create, so leftovers can be found. */
    static final String TEST_LABEL = "claude-bottle.test=e2e";

    record Result(int exitCode, String out, String err) {}

    private Docker() {}

    static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).start();
            process.getOutputStream().close();
            // Drained on a virtual thread, not the common pool, which a long command (bottle up) would hold: the
            // in-JVM Kubernetes client of the kubelet stand-in needs that pool meanwhile.
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> err.complete(read(process, true)));
            String out = read(process, false);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result ok(String... command) {
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.err());
        }
        return result;
    }

    private static String read(Process process, boolean stderr) {
        try {
            return new String((stderr ? process.getErrorStream() : process.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
