package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/egress-proxy, run as users run it, against the packaged jar and target/lib. */
class LauncherIT {
    static final Path SCRIPT = Path.of("..", "bin", "egress-proxy").toAbsolutePath().normalize();

    private static ProcessResult run(String javaHome, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(p.exitValue(), out);
    }

    record ProcessResult(int exit, String output) {}

    @Test
    void printsUsageWithTheCurrentJdk() throws Exception {
        ProcessResult r = run(System.getProperty("java.home"), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains("usage: egress-proxy --routes FILE --listen HOST:PORT");
    }

    @Test
    void aUsageErrorExitsTwoNamingTheOption() throws Exception {
        ProcessResult r = run(System.getProperty("java.home"), "--routes", "r.yaml", "--listen", "127.0.0.1:0", "--frobnicate", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("unknown option: --frobnicate");
    }

    /**
     * The sidecar defaults (issue 13): serial GC, a 96 MiB heap cap, Netty's unpooled buffers; idle after start within the
     * 96 MiB RSS target.
     */
    @Test
    void theProxyStartsAsASmallSidecar(@TempDir Path dir) throws Exception {
        Process p = startProxy(dir, "");
        try {
            Thread.sleep(1000);
            String flags = jcmd(p.pid(), "VM.flags");
            assertThat(flags).contains("-XX:+UseSerialGC").contains("-XX:MaxHeapSize=100663296");
            assertThat(jcmd(p.pid(), "VM.system_properties")).contains("io.netty.allocator.type=unpooled");
            assertThat(rssMiB(p.pid())).as("RSS MiB idle after start").isLessThanOrEqualTo(96);
        } finally {
            stop(p);
        }
    }

    /**
     * The AOT cache the package phase trained (Java 25+) is used while its stamp matches the jars and Java, and ignored
     * (with a note, the proxy still starts) once it does not: the JVM itself would run a stale cache's classes.
     */
    @Test
    void theBuiltAotCacheIsUsedWhileFreshAndIgnoredWhenStale(@TempDir Path dir) throws Exception {
        Path target = SCRIPT.getParent().getParent().resolve("egress-proxy").resolve("target");
        Path stamp = target.resolve("egress-proxy.aot.stamp");
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25 && Files.isRegularFile(stamp),
                "needs Java 25 and the cache the package phase trains (not skipped)");
        Process fresh = startProxy(dir.resolve("fresh"), "");
        try {
            assertThat(jcmd(fresh.pid(), "VM.flags")).contains("-XX:AOTCache=" + target.resolve("egress-proxy.aot"));
        } finally {
            stop(fresh);
        }
        String trained = Files.readString(stamp);
        Files.writeString(stamp, "0000 trained against other jars\n");
        try {
            Process stale = startProxy(dir.resolve("stale"), "");
            try {
                assertThat(jcmd(stale.pid(), "VM.flags")).doesNotContain("AOTCache");
                assertThat(Files.readString(dir.resolve("stale").resolve("out.log"))).contains("is stale");
            } finally {
                stop(stale);
            }
        } finally {
            Files.writeString(stamp, trained);
        }
    }

    /** EGRESS_PROXY_JAVA_OPTS comes after the defaults, so an operator's value wins. */
    @Test
    void egressProxyJavaOptsOverrideTheDefaults(@TempDir Path dir) throws Exception {
        Process p = startProxy(dir, "-Xmx160m");
        try {
            assertThat(jcmd(p.pid(), "VM.flags")).contains("-XX:MaxHeapSize=167772160");
        } finally {
            stop(p);
        }
    }

    /**
     * BouncyCastle's jars in target/lib carry no signature and no per-class manifest: a signed jar on the class path costs
     * a hash of the whole jar at start and keeps ~6,700 manifest entries on the heap, and authorises nothing there.
     */
    @Test
    void thePackagedBouncyCastleJarsAreUnsigned() throws Exception {
        List<Path> jars = new ArrayList<>();
        try (var files = Files.list(Path.of("target", "lib"))) {
            files.filter(f -> f.getFileName().toString().startsWith("bc")).forEach(jars::add);
        }
        assertThat(jars).hasSize(3);
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.stream().map(e -> e.getName()))
                        .as(jar.toString()).noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
                assertThat(file.getManifest().getEntries()).as(jar + " per-entry manifest sections").isEmpty();
                assertThat(file.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            }
        }
    }

    private static Process startProxy(Path dir, String javaOpts) throws Exception {
        Files.createDirectories(dir);
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, "routes:\n  - host: example.com\n    path_allowlist: [/]\n    methods: [GET]\n");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "--routes", routes.toString(), "--listen", "127.0.0.1:" + port,
                "--ca-dir", dir.resolve("ca").toString(), "--status", dir.resolve("status.json").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("EGRESS_PROXY_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("bin/egress-proxy exited " + p.exitValue() + ": " + Files.readString(dir.resolve("out.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        stop(p);
        throw new IllegalStateException("bin/egress-proxy did not listen within 60 s");
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
