package dev.claudebottle.docker;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's sidecar images, built offline: a runtime image ({@code FROM scratch} over a jlink
 * runtime plus the shared libraries it links against, copied from this host), and the egress-proxy
 * and supervise images on top of it with their jars. Each tag carries the project version and a hash
 * of the content, so an image is built once and reused until the content changes.
 */
final class SidecarImages {
    static final String RUNTIME = "claude-bottle-runtime";
    static final String EGRESS_PROXY = "claude-bottle-egress-proxy";
    static final String SUPERVISE = "claude-bottle-supervise";
    static final String JAVA = "/opt/java/bin/java";
    /**
     * The egress-proxy sidecar's JVM options, the same as bin/egress-proxy's defaults (docs/egress-proxy.md "JVM options"):
     * serial GC, a heap from 8 to 96 MiB, capped direct memory and code cache, small thread stacks, Netty buffers freed when
     * released instead of pooled; native access for
     * Netty's OpenSSL engine (without it JDK 24+ warns on every start).
     */
    static final List<String> EGRESS_PROXY_JVM = List.of("-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xms8m", "-Xmx96m", "-Xss256k",
            "-XX:MaxDirectMemorySize=64m", "-Dio.netty.allocator.type=unpooled", "-XX:ReservedCodeCacheSize=32m",
            "--enable-native-access=ALL-UNNAMED");
    /**
     * Where the egress-proxy image keeps its JDK AOT cache (Java 25+): trained during the image build by
     * {@code dev.claudebottle.egress.AotTraining} with the image's own runtime, options and jars, the only ones it is
     * valid for; read-only at run time, and a JVM that cannot use it starts without it.
     */
    static final String EGRESS_PROXY_AOT_CACHE = "/opt/claude-bottle/egress-proxy.aot";
    /** The supervise image's JVM options. */
    static final List<String> SUPERVISE_JVM = List.of("-XX:-UsePerfData", "-XX:+UseSerialGC");
    /** The supervise image's class path: the bottle CLI's jars. */
    static final String BOTTLE_CLASSPATH = "/opt/claude-bottle/bottle/*";
    /** java.desktop is left out on purpose: it drags in X11 libraries and nothing here draws. */
    static final String MODULES = "java.base,java.logging,java.naming,java.net.http,java.management,java.sql,java.xml,"
            + "jdk.unsupported,jdk.crypto.ec,jdk.zipfs";
    private static final Pattern LDD_LINE = Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");

    private final ImageBuilder builder;
    private final SidecarArtifacts artifacts;

    SidecarImages(ImageBuilder builder, SidecarArtifacts artifacts) {
        this.builder = builder;
        this.artifacts = artifacts;
    }

    /** The images for one bottle, built now if missing. */
    record Built(String runtime, String egressProxy, String supervise) {}

    Built ensure() throws IOException, InterruptedException {
        if (artifacts.egressProxyClasspath().isEmpty()) {
            throw new GatewayException(Reason.OPERATION_FAILED, null, null, "the egress-proxy jars are missing, so its image "
                    + "cannot be built; build the project first (./mvnw -q -DskipTests package) or use --gateway local");
        }
        String runtime = runtimeImage();
        String proxy = builder.ensure(EGRESS_PROXY, proxyContext(artifacts, runtime), Map.of());
        String supervise = builder.ensure(SUPERVISE, superviseContext(artifacts, runtime), Map.of());
        // Children first: an older runtime image is the parent of the older proxy and supervise images.
        builder.pruneOthers(proxy, supervise, runtime);
        return new Built(runtime, proxy, supervise);
    }

    /**
     * The tags {@link #ensure} gives the images of {@code artifacts}, computed without a Docker engine (the contexts
     * are hashed, nothing is built): what a Kubernetes cluster sharing this machine's images runs.
     */
    static Built tags(SidecarArtifacts artifacts) throws IOException {
        String runtime = ImageBuilder.tag(RUNTIME, artifacts.version(), ImageBuilder.keyHash(runtimeKey(artifacts)));
        return new Built(runtime, ImageBuilder.tagOf(EGRESS_PROXY, artifacts.version(), proxyContext(artifacts, runtime)),
                ImageBuilder.tagOf(SUPERVISE, artifacts.version(), superviseContext(artifacts, runtime)));
    }

    private static BuildContext proxyContext(SidecarArtifacts artifacts, String runtime) {
        int javaMajor = javaMajor(artifacts.jdkHome());
        return appContext(runtime, "egress-proxy", egressProxyTraining(javaMajor), egressProxyEntrypointJvm(javaMajor),
                artifacts.egressProxyClasspath(), EGRESS_PROXY_MAIN,
                List.of("var/log/egress-proxy", "run/egress-proxy", "var/lib/egress-proxy/ca", "etc/egress-proxy"));
    }

    private static BuildContext superviseContext(SidecarArtifacts artifacts, String runtime) {
        return appContext(runtime, "bottle", "", SUPERVISE_JVM, artifacts.bottleClasspath(), "dev.claudebottle.app.BottleMain",
                List.of("run/claude-bottle", "var/lib/claude-bottle"));
    }

    private static final String EGRESS_PROXY_MAIN = "dev.claudebottle.egress.EgressProxyMain";
    private static final String EGRESS_PROXY_CLASSPATH = "/opt/claude-bottle/egress-proxy/*";

    /** The proxy's entrypoint options: {@link #egressProxyJvm}, and on Java 25+ the AOT cache the build trained. */
    static List<String> egressProxyEntrypointJvm(int javaMajor) {
        if (javaMajor < 25) {
            return egressProxyJvm(javaMajor);
        }
        List<String> options = new ArrayList<>(egressProxyJvm(javaMajor));
        options.add("-XX:AOTCache=" + EGRESS_PROXY_AOT_CACHE);
        return List.copyOf(options);
    }

    /**
     * The Dockerfile step that trains the AOT cache (Java 25+, else none): in exec form (the image has no shell), the
     * training driver starts the proxy with exactly the entrypoint's runtime, options and class path, sends it a denied
     * request and a CONNECT closed before TLS over loopback (start-up only: every class in a cache is loaded at start, and a
     * hot-path cache costs 15-20 MiB of idle RSS) and writes {@link #EGRESS_PROXY_AOT_CACHE}; a failed training fails
     * the build.
     */
    static String egressProxyTraining(int javaMajor) {
        if (javaMajor < 25) {
            return "";
        }
        List<String> run = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", EGRESS_PROXY_CLASSPATH,
                "dev.claudebottle.egress.AotTraining", "--cache", EGRESS_PROXY_AOT_CACHE, "--", JAVA));
        run.addAll(egressProxyJvm(javaMajor));
        run.addAll(List.of("-cp", EGRESS_PROXY_CLASSPATH, EGRESS_PROXY_MAIN));
        return "RUN " + execForm(run) + "\n";
    }

    private static String execForm(List<String> words) {
        StringBuilder form = new StringBuilder("[");
        for (String word : words) {
            form.append(form.length() > 1 ? ", " : "").append('"').append(word).append('"');
        }
        return form.append(']').toString();
    }

    /**
     * {@link #EGRESS_PROXY_JVM}, plus {@code -XX:TrimNativeHeapInterval=2000} on Java 22 and newer (older JVMs refuse
     * the flag): every 2 s the JVM hands freed native memory (the JIT's arenas) back to the system.
     */
    static List<String> egressProxyJvm(int javaMajor) {
        if (javaMajor < 22) {
            return EGRESS_PROXY_JVM;
        }
        List<String> options = new ArrayList<>(EGRESS_PROXY_JVM);
        options.add("-XX:TrimNativeHeapInterval=2000");
        return List.copyOf(options);
    }

    /** The feature release of the JDK at {@code jdkHome}, from its release file; 21 (the oldest supported) when unreadable. */
    static int javaMajor(Path jdkHome) {
        try {
            for (String line : Files.readAllLines(jdkHome.resolve("release"))) {
                Matcher m = Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 21;
        }
        return 21;
    }

    private String runtimeImage() throws IOException, InterruptedException {
        return builder.ensureKeyed(RUNTIME, runtimeKey(artifacts), work -> runtimeContext(work, artifacts.jdkHome()));
    }

    /** Every input of the runtime image: the JDK, the modules, the host's C library. */
    private static String runtimeKey(SidecarArtifacts artifacts) throws IOException {
        Path release = artifacts.jdkHome().resolve("release");
        return "runtime\n" + artifacts.jdkHome().toRealPath() + "\n" + MODULES + "\n"
                + (Files.isRegularFile(release) ? Files.readString(release) : "") + "\n" + hostLibraries();
    }

    /** The host's C library, so a libc upgrade rebuilds the runtime that copies it. */
    private static String hostLibraries() {
        for (String candidate : List.of("/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/lib64/libc.so.6")) {
            Path libc = Path.of(candidate);
            try {
                if (Files.isRegularFile(libc)) {
                    return candidate + " " + Files.size(libc) + " " + Files.getLastModifiedTime(libc);
                }
            } catch (IOException e) {
                return candidate;
            }
        }
        return "";
    }

    private static BuildContext runtimeContext(Path work, Path jdkHome) throws IOException, InterruptedException {
        Path jre = work.resolve("jre");
        run(List.of(jdkHome.resolve("bin").resolve("jlink").toString(), "--add-modules", MODULES,
                "--output", jre.toString(), "--strip-debug", "--no-header-files", "--no-man-pages"));
        BuildContext context = new BuildContext().dockerfile("FROM scratch\nCOPY rootfs/ /\n")
                .tree("rootfs/opt/java", jre)
                .bytes("rootfs/tmp/.keep", new byte[0], 0644);
        for (Path library : sharedLibraries(jre)) {
            context.file("rootfs" + library, library.toRealPath());
        }
        return context;
    }

    private static BuildContext appContext(String runtime, String app, String buildSteps, List<String> jvmOptions,
            List<Path> classpath, String mainClass, List<String> directories) {
        String dir = "/opt/claude-bottle/" + app;
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", dir + "/*", mainClass));
        // two malloc arenas instead of eight per core: the JVM's native allocations are few and mostly at start
        BuildContext context = new BuildContext().dockerfile("FROM " + runtime + "\nCOPY rootfs/ /\nENV MALLOC_ARENA_MAX=2\n"
                + buildSteps + "ENTRYPOINT " + execForm(command) + "\n");
        Set<String> names = new LinkedHashSet<>();
        for (Path jar : classpath) {
            if (Files.isRegularFile(jar) && jar.getFileName().toString().endsWith(".jar") && names.add(jar.getFileName().toString())) {
                context.file("rootfs" + dir + "/" + jar.getFileName(), jar);
            }
        }
        for (String directory : directories) {
            context.bytes("rootfs/" + directory + "/.keep", new byte[0], 0644);
        }
        return context;
    }

    /** The libraries (and the dynamic loader) the runtime's executables and libraries need, as ldd resolves them here. */
    private static Set<Path> sharedLibraries(Path jre) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ldd", jre.resolve("bin/java").toString()));
        try (var files = Files.walk(jre.resolve("lib"))) {
            files.filter(f -> f.toString().endsWith(".so")).forEach(f -> command.add(f.toString()));
        }
        Set<Path> libraries = new LinkedHashSet<>();
        for (String line : run(command).split("\n")) {
            Matcher matcher = LDD_LINE.matcher(line);
            if (matcher.find() && !matcher.group(1).startsWith(jre.toString())) {
                libraries.add(Path.of(matcher.group(1)));
            }
        }
        return libraries;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            // ldd exits 1 when one of several files is not dynamic; its output for the others is still good.
            if (!command.getFirst().equals("ldd")) {
                throw new GatewayException(Reason.OPERATION_FAILED, null, null, "building the sidecar runtime failed: "
                        + String.join(" ", command) + ": " + output.strip());
            }
        }
        return output;
    }
}
