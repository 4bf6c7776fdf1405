package dev.claudebottle.kubernetes;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;
import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.GatewayState;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Kubernetes store, for Guice, in one of two ways: {@link #KubernetesStoreModule(KubernetesStore)} binds
 * {@link ProposalQueue}, {@link AuditLog}, {@link VersionHistory} and {@link BottleLocks} to a store (one bottle's, inside
 * its supervise pod); {@link #gatewayState} contributes the operator's view of every Kubernetes bottle as the
 * {@link GatewayState} {@value #GATEWAY} to {@code MapBinder<String, GatewayState>}, beside the file store, for the
 * operator's state router (bottle-app's OperatorModule; docs/kubernetes.md, "Where an operator's state lives").
 */
public final class KubernetesStoreModule extends AbstractModule {
    /** The gateway name the operator's Kubernetes state is registered under. */
    public static final String GATEWAY = "kubernetes";

    private final Consumer<Binder> bindings;

    /** Binds the four state ports to {@code store}. */
    public KubernetesStoreModule(KubernetesStore store) {
        Objects.requireNonNull(store, "store");
        this.bindings = binder -> {
            binder.bind(ProposalQueue.class).toInstance(store.queue());
            binder.bind(AuditLog.class).toInstance(store.auditLog());
            binder.bind(VersionHistory.class).toInstance(store.history());
            binder.bind(BottleLocks.class).toInstance(store.locks());
        };
    }

    private KubernetesStoreModule(Consumer<Binder> bindings) {
        this.bindings = bindings;
    }

    /**
     * The operator's state of Kubernetes bottles ({@link KubernetesStore#open} over {@code connection}: every bottle
     * namespace of its instance), contributed as {@value #GATEWAY}. The store is opened on first use, since the cluster
     * may not answer; while no kubeconfig is configured ({@link KubeConnection#configured()}), nothing is contributed
     * and every bottle's state stays in the default store.
     */
    public static KubernetesStoreModule gatewayState(KubeConnection connection) {
        Objects.requireNonNull(connection, "connection");
        return new KubernetesStoreModule(binder -> {
            MapBinder<String, GatewayState> states = MapBinder.newMapBinder(binder, String.class, GatewayState.class);
            if (connection.configured()) {
                states.addBinding(GATEWAY).toInstance(new LazyKubernetesState(connection).state());
            }
        });
    }

    @Override
    protected void configure() {
        bindings.accept(binder());
    }
}
