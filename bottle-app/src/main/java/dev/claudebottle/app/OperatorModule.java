package dev.claudebottle.app;

import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.notify.Notifiers;
import dev.claudebottle.cli.notify.NotifySettings;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.claudebottle.store.StoreModule;
import dev.claudebottle.supervise.api.GatewayProfile;
import dev.claudebottle.supervise.application.gateways.GatewayRouter;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import java.nio.file.Path;
import java.util.Map;

/**
 * The operator's side for Guice: the file store over the state home ({@link StoreModule}); one {@link ComponentConfigs} and
 * {@link BottleDiscovery} that route each bottle to the gateway running it (in the order of the gateways' profiles); the
 * egress-proxy tool; the supervisor's facade ({@link dev.claudebottle.supervise.api.Supervisor}) is built over them.
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
    GatewayRouter gateways(Map<String, ComponentConfigs> configs, Map<String, BottleDiscovery> discovery,
            Map<String, GatewayProfile> profiles) {
        return GatewayRouter.over(configs, discovery, profiles);
    }

    @Provides
    ComponentConfigs configs(GatewayRouter gateways) {
        return gateways;
    }

    @Provides
    BottleDiscovery discovery(GatewayRouter gateways) {
        return gateways;
    }

    /** The webhook and desktop notifiers configured in {@code notify.json}; a broken file is reported and means none. */
    @Provides
    @Singleton
    Notifier notifier() {
        return Notifiers.configured(stateHome.resolve(NotifySettings.FILE_NAME), System::getenv,
                problem -> OperatorWriter.stderr().println("bottle: " + problem));
    }

    @Provides
    @Singleton
    ToolRegistry tools() {
        return ToolRegistry.of(EgressProxyBlock.tool());
    }
}
