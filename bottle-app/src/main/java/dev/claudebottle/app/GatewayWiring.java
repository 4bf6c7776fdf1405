package dev.claudebottle.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.claudebottle.cli.common.ClusterOptions;
import dev.claudebottle.docker.DockerGatewayModule;
import dev.claudebottle.kubernetes.gateway.BottleManifests;
import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.kubernetes.gateway.KubernetesGatewayModule;
import dev.claudebottle.docker.SidecarArtifacts;
import dev.claudebottle.local.LocalCommands;
import dev.claudebottle.local.LocalGatewayModule;
import dev.claudebottle.store.StateHome;
import dev.claudebottle.supervise.api.BottleDesk;
import dev.claudebottle.cli.common.OperatorName;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.api.Supervisor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root of the {@code bottle} command: where the state home is, how the local gateway runs egress-proxy
 * and {@code bottle supervise}, which files go into the sidecar images, and which gateway modules are installed (each
 * registers its ports, launcher and {@link dev.claudebottle.supervise.api.GatewayProfile} itself).
 */
public final class GatewayWiring {
    private final Injector injector;

    private GatewayWiring(Injector injector) {
        this.injector = injector;
    }

    /** The gateways, the store and the supervisor over {@code $CLAUDE_BOTTLE_HOME}, as this installation runs them. */
    public static GatewayWiring fromEnvironment() {
        return fromEnvironment(new ClusterOptions());
    }

    /** As {@link #fromEnvironment()}, the Kubernetes cluster and sidecar images as {@code cluster} overrides them. */
    public static GatewayWiring fromEnvironment(ClusterOptions cluster) {
        Path stateHome = StateHome.resolve();
        Path root = installRoot();
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> bottle = List.of(java, "-cp", System.getProperty("java.class.path"), BottleMain.class.getName());
        String proxyOverride = System.getenv("CLAUDE_BOTTLE_EGRESS_PROXY");
        List<String> egressProxy = List.of(proxyOverride != null && !proxyOverride.isBlank() ? proxyOverride
                : root.resolve("bin").resolve("egress-proxy").toString());
        SidecarArtifacts artifacts = new SidecarArtifacts(Path.of(System.getProperty("java.home")),
                egressProxyClasspath(root), classpath(System.getProperty("java.class.path")),
                Optional.ofNullable(BottleMain.class.getPackage().getImplementationVersion()).orElse("dev"));
        List<Module> modules = new ArrayList<>(gateways(stateHome, new LocalCommands(egressProxy, bottle), artifacts,
                KubernetesWiring.connection(cluster, System.getenv()), KubernetesWiring.images(cluster, System.getenv(), artifacts)));
        modules.add(new OperatorModule(stateHome));
        return new GatewayWiring(Guice.createInjector(modules));
    }

    /**
     * Every gateway's Guice module. Adding a gateway is its module's line here: the module registers its ports, its
     * launcher and its {@link dev.claudebottle.supervise.api.GatewayProfile} under its name, nothing else names it. A
     * gateway whose bottles keep their operator state elsewhere than the state home also contributes a
     * {@link dev.claudebottle.supervise.application.port.out.GatewayState} (Kubernetes: the API server).
     */
    static List<Module> gateways(Path stateHome, LocalCommands local, SidecarArtifacts artifacts, KubeConnection cluster,
            Supplier<BottleManifests.Images> kubernetesImages) {
        return List.of(
                new LocalGatewayModule(stateHome, local),
                new DockerGatewayModule(stateHome, artifacts),
                new KubernetesGatewayModule(stateHome, cluster, kubernetesImages));
    }

    /** The operator's side of the supervisor over the state home and every gateway, deciding as {@link OperatorName}. */
    public OperatorDesk desk() {
        return injector.getInstance(Supervisor.class).operator(OperatorName.current());
    }

    /** Up, down and ls over every gateway's launcher. */
    public BottleDesk bottles() {
        return injector.getInstance(BottleDesk.class);
    }

    /** The checkout or installation this CLI runs from: bottle-app/target/bottle-app.jar sits three levels below it. */
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
