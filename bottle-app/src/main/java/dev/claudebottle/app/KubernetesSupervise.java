package dev.claudebottle.app;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.claudebottle.kubernetes.KubernetesStore;
import dev.claudebottle.kubernetes.KubernetesStoreModule;
import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.kubernetes.gateway.KubernetesComponentConfigs;
import dev.claudebottle.mcp.CurrentRoutes;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bottle supervise --kubernetes}: the supervise pod's wiring (docs/kubernetes.md). Its own ServiceAccount
 * (in-cluster credentials) reaches one bottle's namespace alone: the proposal queue and audit log there
 * ({@link KubernetesStore#openBottle}), and ConfigMap {@code egress-proxy-routes} read-only, for the base SHA-256 and
 * the guardrail check. It never installs anything.
 */
final class KubernetesSupervise {
    private final BottleId bottle;
    private final KubeConnection connection;
    private final ComponentConfigs configs;

    private KubernetesSupervise(BottleId bottle, KubeConnection connection) {
        this.bottle = bottle;
        this.connection = connection;
        this.configs = new KubernetesComponentConfigs(connection, KubernetesComponentConfigs.Settings.DEFAULT).readOnly();
    }

    /**
     * The pod's connection, for state instance {@code CLAUDE_BOTTLE_KUBE_INSTANCE} (default
     * {@value KubernetesStore#DEFAULT_INSTANCE}); reads the routes once, so a pod that cannot reach them fails at start.
     *
     * @throws GatewayException naming the ConfigMap and why, when the routes cannot be read
     */
    static KubernetesSupervise start(BottleId bottle, Map<String, String> env) {
        String instance = Optional.ofNullable(env.get("CLAUDE_BOTTLE_KUBE_INSTANCE")).filter(s -> !s.isBlank())
                .orElse(KubernetesStore.DEFAULT_INSTANCE);
        KubernetesSupervise supervise = new KubernetesSupervise(bottle, KubeConnection.inCluster(instance));
        supervise.configs.current(bottle, Component.EGRESS_PROXY);
        return supervise;
    }

    /** The store of this bottle's namespace, judged at submit by {@code policy}. */
    Module store(GuardrailPolicySource policy) {
        KubernetesStore store = KubernetesStore.openBottle(connection.client(), connection.instance(), bottle);
        return Modules.combine(new KubernetesStoreModule(store), new AbstractModule() {
            @Override
            protected void configure() {
                bind(GuardrailPolicySource.class).toInstance(policy);
                // The names of the bottle's secrets live with the operator; this process only queues proposals.
                bind(DeclaredSecrets.class).toInstance(new DeclaredSecrets() {
                    @Override
                    public void record(BottleId any, Set<String> names) {
                        throw new IllegalStateException("bottle supervise does not record a bottle's secrets");
                    }

                    @Override
                    public Optional<Set<String>> of(BottleId any) {
                        return Optional.empty();
                    }
                });
            }
        });
    }

    /** The routes in force: ConfigMap egress-proxy-routes, read through the API at each use. */
    CurrentRoutes currentRoutes() {
        String where = "ConfigMap " + KubernetesStore.namespace(connection.instance(), bottle) + "/"
                + KubernetesComponentConfigs.ROUTES;
        return CurrentRoutes.of(where, () -> {
            try {
                return Optional.of(configs.current(bottle, Component.EGRESS_PROXY).bytes());
            } catch (GatewayException e) {
                return Optional.empty();
            }
        });
    }

    /** The read-only configs: {@code current} over the API, {@code install} refused. */
    ComponentConfigs configs() {
        return configs;
    }
}
