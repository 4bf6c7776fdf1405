package dev.claudebottle.app;

import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.notify.Notifiers;
import dev.claudebottle.cli.notify.NotifySettings;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.store.PolicyFile;
import dev.claudebottle.supervise.application.gateways.StateRouter;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.application.port.out.GatewayState;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
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
 * The operator's side for Guice: the operator's state ({@link ProposalQueue}, {@link AuditLog}, {@link VersionHistory},
 * {@link BottleLocks}) routed per bottle by a {@link StateRouter} over the file store of the state home ({@link FileStore}, the
 * default, which also keeps the declared secrets; the guardrail policy is the home's {@code policy.yaml}) and each {@link GatewayState} a gateway module contributed to {@code MapBinder<String, GatewayState>}
 * (Kubernetes: the API server); one {@link ComponentConfigs} and
 * {@link BottleDiscovery} that route each bottle to the gateway running it (in the order of the gateways' profiles); the
 * egress-proxy tool; the supervisor's facade ({@link dev.claudebottle.supervise.api.Supervisor}) is built over them.
 */
final class OperatorModule extends AbstractModule {
    private static final String DEFAULT_STATE = "state-home";
    private final Path stateHome;

    OperatorModule(Path stateHome) {
        this.stateHome = stateHome;
    }

    @Override
    protected void configure() {
        // The state home's file store: the default state, and the declared secrets and guardrail policy of every bottle.
        FileStore files = FileStore.open(stateHome);
        bind(DeclaredSecrets.class).toInstance(files.declaredSecrets());
        bind(GuardrailPolicySource.class).toInstance(PolicyFile.inHome(stateHome));
        bind(GatewayState.class).annotatedWith(Names.named(DEFAULT_STATE)).toInstance(
                new GatewayState(files.queue(), files.auditLog(), files.history(), files.locks(), GatewayState.Holdings.NONE));
        MapBinder.newMapBinder(binder(), String.class, GatewayState.class);
        bind(Clock.class).toInstance(Clock.SYSTEM);
        bind(ProposalPolicy.class).toInstance(ProposalPolicy.DEFAULT);
        // The four state ports are the one StateRouter (provided below).
        bind(ProposalQueue.class).to(StateRouter.class);
        bind(AuditLog.class).to(StateRouter.class);
        bind(VersionHistory.class).to(StateRouter.class);
        bind(BottleLocks.class).to(StateRouter.class);
    }

    /** Every bottle's state: the gateway state that holds it, else the file store (docs/kubernetes.md). */
    @Provides
    @Singleton
    StateRouter state(@Named(DEFAULT_STATE) GatewayState files, Map<String, GatewayState> gatewayStates, Clock clock) {
        return new StateRouter(files, gatewayStates, clock);
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
