package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK AOT cache (Java 25+): {@link AotTraining} writes one the JVM accepts only after a training run that went
 * through the intercepted, injected path, leaves nothing behind when the training fails, and a proxy given a missing,
 * corrupt, truncated or stale cache still starts and listens (the JVM runs without it). Real child JVMs throughout.
 */
class AotCacheIT {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final List<String> SIDECAR = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx96m", "-Xss256k", "-XX:-UsePerfData");
    /** The packaged jars (the failsafe run comes after the package phase): a JVM writes no AOT cache for class directories. */
    private static final String CLASSPATH = Path.of("target", "egress-proxy.jar").toAbsolutePath() + ":"
            + Path.of("target", "lib").toAbsolutePath() + "/*";
    @TempDir
    static Path shared;
    private static Path trained;

    @BeforeAll
    static void trainOnce() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs Java 25");
        trained = shared.resolve("trained.aot");
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-cp", CLASSPATH,
                AotTraining.class.getName(), "--seconds", "3", "--cache", trained.toString(), "--"));
        command.addAll(proxyCommand(SIDECAR));
        Result result = run(command, 300);
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).containsPattern("AOT training: [1-9][0-9]* requests in 3 s");
    }

    @Test
    void theTrainedCacheIsOneTheJvmAcceptsForTheSameOptionsAndClassPath(@TempDir Path dir) throws Exception {
        // AOTMode=on makes the JVM refuse to start unless it can use the cache
        assertThat(startsAndListens(dir, "-XX:AOTMode=on", "-XX:AOTCache=" + trained)).isTrue();
    }

    @Test
    void aFailedTrainingLeavesNoCacheAndRemovesItsPartialFile(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("never.aot");
        Files.writeString(dir.resolve("never.aot.partial"), "left over from an interrupted run");
        // a "proxy" that exits at once instead of listening
        Result result = run(List.of(JAVA.toString(), "-cp", CLASSPATH, AotTraining.class.getName(),
                "--seconds", "1", "--cache", cache.toString(), "--", JAVA.toString(), "-version"), 120);
        assertThat(result.exit).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("no cache written");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aMissingCacheStillStarts(@TempDir Path dir) throws Exception {
        assertThat(startsAndListens(dir, "-XX:AOTCache=" + dir.resolve("missing.aot"))).isTrue();
    }

    @Test
    void aCorruptCacheStillStarts(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.aot");
        byte[] bytes = new byte[1 << 20];
        Arrays.fill(bytes, (byte) 0x5a);
        Files.write(garbage, bytes);
        assertThat(startsAndListens(dir, "-XX:AOTCache=" + garbage)).isTrue();
    }

    @Test
    void aTruncatedCacheStillStarts(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("truncated.aot");
        byte[] whole = Files.readAllBytes(trained);
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 3));
        assertThat(startsAndListens(dir, "-XX:AOTCache=" + truncated)).isTrue();
    }

    @Test
    void aStaleCacheForOtherJvmOptionsStillStarts(@TempDir Path dir) throws Exception {
        // trained with compressed object headers off; a JVM with compact headers cannot map it and runs without it
        assertThat(startsAndListens(dir, "-XX:+UseCompactObjectHeaders", "-XX:AOTCache=" + trained)).isTrue();
    }

    private static List<String> proxyCommand(List<String> options) {
        List<String> command = new ArrayList<>(List.of(JAVA.toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", CLASSPATH, EgressProxyMain.class.getName()));
        return command;
    }

    private static boolean startsAndListens(Path dir, String... cacheOptions) throws Exception {
        Files.writeString(dir.resolve("routes.yaml"), "routes:\n  - host: example.com\n");
        List<String> options = new ArrayList<>(SIDECAR);
        options.addAll(List.of(cacheOptions));
        List<String> command = new ArrayList<>(AotTraining.hupAtDefault());
        command.addAll(proxyCommand(options));
        command.addAll(List.of("--routes", dir.resolve("routes.yaml").toString(), "--listen", "127.0.0.1:0", "--ca-dir",
                dir.resolve("ca").toString()));
        Path err = dir.resolve("stderr.log");
        Process proxy = new ProcessBuilder(command).redirectErrorStream(false).redirectError(err.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && proxy.isAlive()) {
                if (Files.readString(err, StandardCharsets.UTF_8).contains("egress-proxy: listening on 127.0.0.1:")) {
                    return true;
                }
                Thread.sleep(50);
            }
            System.err.println("AotCacheIT: the proxy did not listen; its standard error:\n" + Files.readString(err));
            return false;
        } finally {
            proxy.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, int seconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as(output).isTrue();
        return new Result(process.exitValue(), output);
    }
}
