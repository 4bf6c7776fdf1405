package dev.claudebottle.e2e.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The docker CLI as the stand-in uses it: one command, its exit code and output. */
final class StandInDocker {
    /** Label on every container and network the stand-in makes; its value is the state instance. */
    static final String LABEL = "claude-bottle.test.kubelet";
    /** Label naming the Kubernetes namespace a container or network belongs to. */
    static final String NAMESPACE_LABEL = "claude-bottle.test.kubelet-namespace";

    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        String all() {
            return out + err;
        }
    }

    private StandInDocker() {}

    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            // Drained on a virtual thread, not the common pool: `docker wait` blocks for a pod's whole life.
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
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    static Result run(String... command) {
        return run(List.of(command));
    }

    static Result ok(List<String> command) {
        Result result = run(command);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exitCode() + "): "
                    + result.err().strip());
        }
        return result;
    }

    static Result ok(String... command) {
        return ok(List.of(command));
    }

    private static String read(Process process, boolean stderr) {
        try {
            return new String((stderr ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
