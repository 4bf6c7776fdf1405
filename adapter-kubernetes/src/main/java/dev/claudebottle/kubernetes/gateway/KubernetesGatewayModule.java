package dev.claudebottle.kubernetes.gateway;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.claudebottle.kubernetes.KubernetesStoreModule;
import dev.claudebottle.supervise.api.GatewayProfile;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Kubernetes gateway, for Guice: contributes {@code "kubernetes"} to the maps of {@link ComponentConfigs}
 * (the routes ConfigMap and the proxy's acknowledgement), {@link BottleDiscovery}s and {@link BottleLauncher}s, with its
 * {@link #PROFILE}; and its bottles' operator state on the API server as the
 * {@link dev.claudebottle.supervise.application.port.out.GatewayState} {@code "kubernetes"}
 * ({@link KubernetesStoreModule#gatewayState}: nothing when no kubeconfig is configured, or when the cluster was
 * neither named nor used from this state home before, see {@link KubeConnection#named()}). The cluster is the one
 * {@link KubeConnection} names; nothing connects until a gateway method is called.
 */
public final class KubernetesGatewayModule extends AbstractModule {
    /** After Docker for new bottles, before local; looked up after Docker; components in pods, not on this host. */
    public static final GatewayProfile PROFILE = new GatewayProfile(50, 20, false);

    private final Path stateHome;
    private final KubeConnection connection;
    private final Supplier<BottleManifests.Images> images;

    /**
     * @param stateHome {@code $CLAUDE_BOTTLE_HOME}: the guardrail policy handed to supervise, the host copies of CA and token
     * @param connection the cluster and state instance
     * @param images the sidecars' images, asked for only when a bottle is planned or started
     */
    public KubernetesGatewayModule(Path stateHome, KubeConnection connection, Supplier<BottleManifests.Images> images) {
        this.stateHome = Objects.requireNonNull(stateHome, "stateHome");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.images = Objects.requireNonNull(images, "images");
    }

    /** Routing asks this cluster for a bottle only when the operator's commands consult it at all (see configure). */
    private BottleDiscovery consultedOnly(BottleDiscovery discovery) {
        return component -> HostCopies.consulted(connection, stateHome)
                ? discovery.bottlesRunning(component) : java.util.Set.of();
    }

    @Override
    protected void configure() {
        String name = KubernetesBottleLauncher.NAME;
        MapBinder.newMapBinder(binder(), String.class, ComponentConfigs.class).addBinding(name)
                .toInstance(new KubernetesComponentConfigs(connection, KubernetesComponentConfigs.Settings.DEFAULT));
        MapBinder.newMapBinder(binder(), String.class, BottleDiscovery.class).addBinding(name)
                .toInstance(consultedOnly(new KubernetesBottleDiscovery(connection)));
        MapBinder.newMapBinder(binder(), String.class, BottleLauncher.class).addBinding(name)
                .toInstance(new KubernetesBottleLauncher(connection, images, stateHome,
                        KubernetesBottleLauncher.DEFAULT_READY_TIMEOUT, KubernetesBottleLauncher.DEFAULT_DOWN_WAIT));
        MapBinder.newMapBinder(binder(), String.class, GatewayProfile.class).addBinding(name).toInstance(PROFILE);
        // The cluster's state joins the operator's listings only when it was named or used from this state home before
        // (KubeConnection.named): a stale kubeconfig kept for other work costs the other gateways' operators nothing.
        if (HostCopies.consulted(connection, stateHome)) {
            install(KubernetesStoreModule.gatewayState(connection));
        } else {
            MapBinder.newMapBinder(binder(), String.class, dev.claudebottle.supervise.application.port.out.GatewayState.class);
        }
    }
}
