package dev.claudebottle.docker;

import com.google.inject.AbstractModule;
import dev.claudebottle.supervise.api.GatewayProfile;
import com.google.inject.multibindings.MapBinder;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.tools.egressproxy.FileAndSignalConfigs;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The Docker gateway, for Guice: contributes {@code "docker"} to the maps of {@link ComponentConfigs}
 * (egress-proxy's file + SIGHUP + status protocol over the archive and kill APIs), {@link BottleDiscovery}s and
 * {@link BottleLauncher}s, with its {@link #PROFILE}. The engine is the one the environment names ({@code DOCKER_HOST}
 * and the usual Docker client settings); nothing connects until a gateway method is called.
 */
public final class DockerGatewayModule extends AbstractModule {
    /** Preferred for new bottles; looked up after local; components in containers, the agent's among them. */
    public static final GatewayProfile PROFILE = new GatewayProfile(100, 10, false);

    private final Path stateHome;
    private final SidecarArtifacts artifacts;

    /**
     * @param stateHome {@code $CLAUDE_BOTTLE_HOME}: bottles' queue directories and the host copies of CA and token
     * @param artifacts what the sidecar images are built from
     */
    public DockerGatewayModule(Path stateHome, SidecarArtifacts artifacts) {
        this.stateHome = Objects.requireNonNull(stateHome, "stateHome");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    }

    @Override
    protected void configure() {
        DockerEngine engine = DockerEngine.fromEnvironment();
        DockerContainerFiles gateway = new DockerContainerFiles(engine);
        SidecarImages images = new SidecarImages(new ImageBuilder(engine, artifacts.version()), artifacts);
        MapBinder.newMapBinder(binder(), String.class, ComponentConfigs.class).addBinding(DockerBottleLauncher.NAME)
                .toInstance(new FileAndSignalConfigs(gateway, Clock.SYSTEM, FileAndSignalConfigs.Settings.DEFAULT));
        MapBinder.newMapBinder(binder(), String.class, BottleDiscovery.class)
                .addBinding(DockerBottleLauncher.NAME).toInstance(gateway);
        MapBinder.newMapBinder(binder(), String.class, BottleLauncher.class)
                .addBinding(DockerBottleLauncher.NAME).toInstance(new DockerBottleLauncher(engine, gateway, images, stateHome));
        // Preferred for `bottle up` when an engine answers; asked after the cheaper local lookup when routing a bottle.
        MapBinder.newMapBinder(binder(), String.class, GatewayProfile.class)
                .addBinding(DockerBottleLauncher.NAME).toInstance(PROFILE);
    }
}
