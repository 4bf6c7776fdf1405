package dev.claudebottle.local;

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
 * The local gateway, for Guice: contributes {@code "local"} to the maps of {@link ComponentConfigs}
 * (egress-proxy's file + SIGHUP + status protocol over the component directories), {@link BottleDiscovery}s and
 * {@link BottleLauncher}s with its {@link #PROFILE}, over the state directory {@code stateHome}.
 */
public final class LocalGatewayModule extends AbstractModule {
    /** Chosen for new bottles when no more preferred runtime answers; looked up first (a directory check); on host. */
    public static final GatewayProfile PROFILE = new GatewayProfile(0, 0, true);

    private final Path stateHome;
    private final LocalCommands commands;

    /**
     * @param stateHome {@code $CLAUDE_BOTTLE_HOME}
     * @param commands how to run egress-proxy and the {@code bottle} CLI as children
     */
    public LocalGatewayModule(Path stateHome, LocalCommands commands) {
        this.stateHome = Objects.requireNonNull(stateHome, "stateHome");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    @Override
    protected void configure() {
        LocalBottles bottles = new LocalBottles(stateHome);
        LocalContainerFiles files = new LocalContainerFiles(bottles);
        MapBinder.newMapBinder(binder(), String.class, ComponentConfigs.class).addBinding(LocalBottleLauncher.NAME)
                .toInstance(new FileAndSignalConfigs(files, Clock.SYSTEM, FileAndSignalConfigs.Settings.DEFAULT));
        MapBinder.newMapBinder(binder(), String.class, BottleDiscovery.class)
                .addBinding(LocalBottleLauncher.NAME).toInstance(files);
        MapBinder.newMapBinder(binder(), String.class, BottleLauncher.class)
                .addBinding(LocalBottleLauncher.NAME).toInstance(new LocalBottleLauncher(bottles, stateHome, commands));
        MapBinder.newMapBinder(binder(), String.class, GatewayProfile.class)
                .addBinding(LocalBottleLauncher.NAME).toInstance(PROFILE);
    }
}
