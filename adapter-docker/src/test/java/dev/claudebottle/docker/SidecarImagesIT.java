package dev.claudebottle.docker;

import dev.claudebottle.tools.egressproxy.FileAndSignalConfigs;
import dev.claudebottle.egress.contract.EgressProxyPaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.application.port.out.Installation;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline-built egress-proxy image runs the real proxy as PID 1 in a {@code FROM scratch}
 * container, and the apply pipeline reaches it through the Docker gateway: write, SIGHUP, status
 * confirms; a file the proxy rejects is rolled back.
 */
class SidecarImagesIT {
    private static final BottleId BOTTLE = BottleId.of("images-it-" + UUID.randomUUID().toString().substring(0, 8));
    private static final ConfigFile INITIAL = ConfigFile.of("routes:\n  - host: api.github.com\n");
    private static DockerEngine engine;
    private static final List<String> images = new ArrayList<>();
    private static Duration firstBuild;
    private static SidecarArtifacts artifacts;
    private static SidecarImages.Built built;

    @BeforeAll
    static void buildAndStartTheProxy() throws Exception {
        engine = DockerEngine.fromEnvironment();
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                classpath.add(Path.of(entry));
            }
        }
        artifacts = new SidecarArtifacts(Path.of(System.getProperty("java.home")), classpath, classpath, "it-" + BOTTLE);
        SidecarImages sidecars = new SidecarImages(new ImageBuilder(engine, "it-" + BOTTLE), artifacts);
        Instant start = Instant.now();
        built = sidecars.ensure();
        firstBuild = Duration.between(start, Instant.now());
        images.add(built.egressProxy());
        images.add(built.supervise());
        images.add(built.runtime());
        System.out.println("SidecarImagesIT: runtime, egress-proxy and supervise images ready in " + firstBuild.toMillis() + " ms");

        String id = engine.client().createContainerCmd(built.egressProxy())
                .withName("claude-bottle-" + BOTTLE + "-egress-proxy")
                .withLabels(Map.of(Labels.BOTTLE, BOTTLE.value(), Labels.COMPONENT, Component.EGRESS_PROXY.name()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .withCmd("--routes", EgressProxyPaths.ROUTES_FILE, "--listen", "0.0.0.0:3128", "--ca-dir",
                        "/var/lib/egress-proxy/ca", "--status", EgressProxyPaths.STATUS_FILE)
                .exec().getId();
        try (var tar = TarFiles.singleFile(EgressProxyPaths.ROUTES_FILE.substring(1), INITIAL.bytes())) {
            engine.client().copyArchiveToContainerCmd(id).withRemotePath("/").withTarInputStream(tar).exec();
        }
        engine.client().startContainerCmd(id).exec();
    }

    @AfterAll
    static void removeEverything() {
        try {
            for (Container container : engine.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.BOTTLE, BOTTLE.value())).exec()) {
                engine.client().removeContainerCmd(container.getId()).withForce(true).exec();
            }
        } finally {
            for (String image : images) {
                try {
                    engine.client().removeImageCmd(image).withForce(true).exec();
                } catch (NotFoundException e) {
                    // Already gone with its child.
                }
            }
        }
    }

    @Test
    void theTagsComputedWithoutAnEngineAreTheTagsTheBuildGave() throws Exception {
        SidecarImageTags tags = SidecarImageTags.of(artifacts);
        assertThat(tags.egressProxy()).isEqualTo(built.egressProxy());
        assertThat(tags.supervise()).isEqualTo(built.supervise());
        assertThat(engine.client().inspectImageCmd(tags.egressProxy()).exec().getId()).isNotBlank();
    }

    /** jlink, the AOT cache's start-up training (Java 25+), the layers: 11.6 s measured at load 6 on 2 CPUs. */
    @Test
    void theFirstBuildOfAllImagesTakesUnderAMinute() {
        assertThat(firstBuild).isLessThan(Duration.ofSeconds(60));
    }

    /**
     * On Java 25+ the image carries an AOT cache trained for its own runtime, options and jars: its entrypoint names it,
     * and the entrypoint with {@code -XX:AOTMode=on} (the JVM then refuses to start unless it can use the cache) starts.
     */
    @Test
    void theProxyImageCarriesAnAotCacheItsOwnJvmAccepts() throws Exception {
        assumeTrue(SidecarImages.javaMajor(artifacts.jdkHome()) >= 25, "the AOT cache needs Java 25");
        List<String> entrypoint = List.of(engine.client().inspectImageCmd(built.egressProxy()).exec().getConfig().getEntrypoint());
        assertThat(entrypoint).contains("-XX:AOTCache=" + SidecarImages.EGRESS_PROXY_AOT_CACHE);
        List<String> strict = new ArrayList<>(entrypoint);
        strict.add(1, "-XX:AOTMode=on");
        String id = engine.client().createContainerCmd(built.egressProxy())
                .withName("claude-bottle-" + BOTTLE + "-aot-check")
                .withLabels(Map.of(Labels.BOTTLE, BOTTLE.value()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .withEntrypoint(strict).withCmd("--help")
                .exec().getId();
        engine.client().startContainerCmd(id).exec();
        int exit = engine.client().waitContainerCmd(id).start().awaitStatusCode(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(exit).isZero();
    }

    @Test
    void approvedRoutesReachTheProxyInItsScratchImageAndRejectedOnesAreRolledBack() throws Exception {
        DockerContainerFiles gateway = new DockerContainerFiles(engine);
        FileAndSignalConfigs configs = new FileAndSignalConfigs(gateway, Clock.SYSTEM,
                new FileAndSignalConfigs.Settings(Duration.ofSeconds(15), Duration.ofMillis(100)));
        awaitStatus(gateway);
        ConfigFile wider = ConfigFile.of("routes:\n  - host: api.github.com\n  - host: pypi.org  # added\n");

        Installation applied = configs.install(BOTTLE, Component.EGRESS_PROXY, configs.current(BOTTLE, Component.EGRESS_PROXY), wider);
        Installation rejected = configs.install(BOTTLE, Component.EGRESS_PROXY, wider, ConfigFile.of("routes:\n  - hots: typo.example\n"));
        Installation stale = configs.install(BOTTLE, Component.EGRESS_PROXY, INITIAL, ConfigFile.of("routes:\n  - host: stale.example\n"));

        assertThat(applied).isInstanceOf(Installation.Installed.class);
        assertThat(rejected).isInstanceOfSatisfying(Installation.NotInstalled.class,
                n -> assertThat(n.cause()).contains("rejected"));
        assertThat(stale).isEqualTo(new Installation.BaseChanged(wider.sha256()));
        assertThat(configs.current(BOTTLE, Component.EGRESS_PROXY).sha256()).isEqualTo(wider.sha256());
        gateway.hangUp(BOTTLE, Component.EGRESS_PROXY);
        assertThat(gateway.bottlesRunning(Component.EGRESS_PROXY)).contains(BOTTLE);
    }

    private static void awaitStatus(DockerContainerFiles gateway) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (gateway.read(BOTTLE, Component.EGRESS_PROXY, EgressProxyPaths.STATUS_FILE)
                    .map(String::new).filter(s -> s.contains("\"running\"")).isPresent()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("egress-proxy did not report running within 30 s");
    }
}
