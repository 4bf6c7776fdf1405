package dev.claudebottle.kubernetes.gateway;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.claudebottle.supervise.application.port.out.GatewayState;
import java.util.Objects;

/**
 * The operator's state of Kubernetes bottles, for Guice: contributes {@value #NAME} to the
 * {@code MapBinder<String, GatewayState>} the operator's state router is built over (bottle-app's OperatorModule).
 * The state lives on the API server ({@link dev.claudebottle.kubernetes.KubernetesStore#open}), where the bottles'
 * supervise pods write their proposals, so every operator whose kubeconfig reaches the cluster sees the same queue.
 * The store is opened on first use; when no kubeconfig is configured ({@link KubeConnection#configured()}), nothing is
 * contributed and every bottle's state stays in the default store.
 */
public final class KubernetesStateModule extends AbstractModule {
    /** The gateway name the state is registered under. */
    public static final String NAME = "kubernetes";

    private final KubeConnection connection;

    public KubernetesStateModule(KubeConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    protected void configure() {
        MapBinder<String, GatewayState> states = MapBinder.newMapBinder(binder(), String.class, GatewayState.class);
        if (connection.configured()) {
            states.addBinding(NAME).toInstance(new LazyKubernetesState(connection).state());
        }
    }
}
