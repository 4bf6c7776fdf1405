package dev.claudebottle.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.claudebottle.store.StoreModule;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.application.ProposalPolicy;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.tool.ToolApplierConfigs;
import dev.claudebottle.supervise.application.port.out.SidecarGateway;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.supervise.tool.egressproxy.EgressProxyBlock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's side for Guice: the file store over the state home ({@link StoreModule}); one {@link SidecarGateway} that routes each bottle to the gateway
 * running it (local first, then Docker); the egress-proxy tool applying through it, and the component configs and
 * bottle discovery the supervisor's facade ({@link dev.claudebottle.supervise.api.Supervisor}) is built over.
 */
final class OperatorModule extends AbstractModule {
    private final Path stateHome;

    OperatorModule(Path stateHome) {
        this.stateHome = stateHome;
    }

    @Override
    protected void configure() {
        install(StoreModule.forHome(stateHome));
        bind(Clock.class).toInstance(Clock.SYSTEM);
        bind(ProposalPolicy.class).toInstance(ProposalPolicy.DEFAULT);
    }

    @Provides
    @Singleton
    SidecarGateway gateway(Map<String, SidecarGateway> byName) {
        Map<String, SidecarGateway> ordered = new LinkedHashMap<>();
        if (byName.containsKey(GatewayWiring.LOCAL)) {
            ordered.put(GatewayWiring.LOCAL, byName.get(GatewayWiring.LOCAL));
        }
        ordered.putAll(byName);
        return new BottleGateways(ordered);
    }

    /** The webhook and desktop notifiers configured in {@code notify.json}; a broken file is reported and means none. */
    @Provides
    @Singleton
    Notifier notifier() {
        return Notifiers.configured(stateHome.resolve(NotifySettings.FILE_NAME), System::getenv,
                problem -> OperatorWriter.stderr().println("bottle: " + problem));
    }

    /** The components' configs through the registered tools' appliers, until the gateways implement the port themselves. */
    @Provides
    @Singleton
    ComponentConfigs configs(ToolRegistry tools) {
        return new ToolApplierConfigs(tools);
    }

    @Provides
    @Singleton
    BottleDiscovery discovery(SidecarGateway gateway) {
        return gateway::bottlesRunning;
    }

    @Provides
    @Singleton
    ToolRegistry tools(SidecarGateway gateway, Clock clock) {
        return ToolRegistry.of(EgressProxyBlock.tool(gateway, clock, EgressProxyBlock.Settings.DEFAULT));
    }
}
