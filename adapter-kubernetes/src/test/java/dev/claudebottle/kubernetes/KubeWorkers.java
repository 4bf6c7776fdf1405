package dev.claudebottle.kubernetes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link KubeWorker} process on this test's class path; its stdout lines arrive as they are printed. */
final class KubeWorkers implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private KubeWorkers(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("io-error " + e.getMessage());
            }
            lines.add("exited");
        });
    }

    static KubeWorkers start(String mode, Path kubeconfig, String instance, String... args) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath, KubeWorker.class.getName(),
                mode, kubeconfig.toString(), instance));
        command.addAll(List.of(args));
        return new KubeWorkers(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The next line, failing when none comes within {@code seconds}. */
    String next(long seconds) throws InterruptedException {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("worker " + process.pid() + " printed nothing for " + seconds + " s");
        }
        return line;
    }

    /** Waits for the line {@code expected}, failing on anything else. */
    void expect(String expected, long seconds) throws InterruptedException {
        String line = next(seconds);
        if (!line.equals(expected)) {
            throw new AssertionError("worker " + process.pid() + " printed \"" + line + "\", expected \"" + expected + "\"");
        }
    }

    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Kills the worker at once, as a crash would (SIGKILL to its PID). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
