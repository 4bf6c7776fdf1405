package dev.claudebottle.cli;

import dev.claudebottle.cli.common.UserInputException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.claudebottle.docker.DockerGatewayModule;
import dev.claudebottle.docker.SidecarArtifacts;
import dev.claudebottle.local.LocalCommands;
import dev.claudebottle.local.LocalGatewayModule;
import dev.claudebottle.store.StateHome;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.api.Supervisor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wires the gateways for the {@code up}, {@code down} and {@code ls} verbs: where the state home is,
 * how the local gateway runs egress-proxy and {@code bottle supervise}, which files go into the
 * sidecar images, and which launcher a bottle gets.
 */
public final class GatewayWiring {
    static final String DOCKER = "docker";
    public static final String LOCAL = "local";

    private final Injector injector;
    private final Map<String, BottleLauncher> launchers;
    private final Path stateHome;

    GatewayWiring(Map<String, BottleLauncher> launchers, Path stateHome) {
        this(null, launchers, stateHome);
    }

    private GatewayWiring(Injector injector, Map<String, BottleLauncher> launchers, Path stateHome) {
        this.injector = injector;
        this.launchers = launchers;
        this.stateHome = stateHome;
    }

    public static GatewayWiring fromEnvironment() {
        Path stateHome = StateHome.resolve();
        Path root = installRoot();
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> bottle = List.of(java, "-cp", System.getProperty("java.class.path"), BottleMain.class.getName());
        String proxyOverride = System.getenv("CLAUDE_BOTTLE_EGRESS_PROXY");
        List<String> egressProxy = List.of(proxyOverride != null && !proxyOverride.isBlank() ? proxyOverride
                : root.resolve("bin").resolve("egress-proxy").toString());
        SidecarArtifacts artifacts = new SidecarArtifacts(Path.of(System.getProperty("java.home")),
                egressProxyClasspath(root), classpath(System.getProperty("java.class.path")),
                Optional.ofNullable(BottleVersion.class.getPackage().getImplementationVersion()).orElse("dev"));
        Injector injector = Guice.createInjector(new LocalGatewayModule(stateHome, new LocalCommands(egressProxy, bottle)),
                new DockerGatewayModule(stateHome, artifacts), new OperatorModule(stateHome));
        return new GatewayWiring(injector, injector.getInstance(Key.get(new TypeLiteral<Map<String, BottleLauncher>>() {})),
                stateHome);
    }

    /** The operator's side of the supervisor over the state home and every gateway, deciding as {@link OperatorName}. */
    public OperatorDesk desk() {
        if (injector == null) {
            throw new IllegalStateException("this wiring was built from launchers alone and has no operator desk");
        }
        return injector.getInstance(Supervisor.class).operator(OperatorName.current());
    }

    Path stateHome() {
        return stateHome;
    }

    /** Every launcher, Docker first. */
    public List<BottleLauncher> all() {
        return List.of(launchers.get(DOCKER), launchers.get(LOCAL));
    }

    /** The launcher named by {@code --gateway}, or Docker when an engine answers and local otherwise. */
    public BottleLauncher choose(Optional<String> requested) {
        if (requested.isPresent()) {
            BottleLauncher launcher = launchers.get(requested.get());
            if (launcher == null) {
                throw new UserInputException("unknown gateway " + requested.get() + "; use --gateway docker or --gateway local");
            }
            return launcher;
        }
        BottleLauncher docker = launchers.get(DOCKER);
        return docker.available() ? docker : launchers.get(LOCAL);
    }

    /** The checkout or installation this CLI runs from: adapter-cli/target/adapter-cli.jar sits three levels below it. */
    private static Path installRoot() {
        try {
            Path jar = Path.of(GatewayWiring.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null ? null : jar.getParent().getParent() == null ? null : jar.getParent().getParent().getParent();
            return root != null && Files.isDirectory(root.resolve("bin")) ? root : Path.of(".").toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(".").toAbsolutePath();
        }
    }

    private static List<Path> egressProxyClasspath(Path root) {
        Path target = root.resolve("egress-proxy").resolve("target");
        List<Path> entries = new ArrayList<>();
        // The module's <finalName> is fixed, so the jar's name does not carry the version.
        Path jar = target.resolve("egress-proxy.jar");
        if (!Files.isRegularFile(jar)) {
            return List.of();
        }
        entries.add(jar);
        try (var files = Files.list(target.resolve("lib"))) {
            files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(entries::add);
        } catch (java.io.IOException e) {
            return List.of();
        }
        return entries;
    }

    private static List<Path> classpath(String classpath) {
        List<Path> entries = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.endsWith("*")) {
                try (var files = Files.list(Path.of(entry.substring(0, entry.length() - 1)))) {
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(entries::add);
                } catch (java.io.IOException e) {
                    // A wildcard over a missing directory adds nothing, as for the JVM itself.
                }
            } else if (!entry.isEmpty()) {
                entries.add(Path.of(entry));
            }
        }
        return entries;
    }
}
