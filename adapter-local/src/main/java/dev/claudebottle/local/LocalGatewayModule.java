package dev.claudebottle.local;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.SidecarGateway;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The local gateway, for Guice: contributes {@code "local"} to the map of {@link SidecarGateway}s and
 * the map of {@link BottleLauncher}s, over the state directory {@code stateHome}.
 */
public final class LocalGatewayModule extends AbstractModule {
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
        MapBinder.newMapBinder(binder(), String.class, SidecarGateway.class)
                .addBinding(LocalBottleLauncher.NAME).toInstance(new LocalSidecarGateway(bottles));
        MapBinder.newMapBinder(binder(), String.class, BottleLauncher.class)
                .addBinding(LocalBottleLauncher.NAME).toInstance(new LocalBottleLauncher(bottles, stateHome, commands));
    }
}
