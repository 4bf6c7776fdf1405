package dev.claudebottle.egress;

import java.io.IOException;

/**
 * The parts of the Kubernetes mode ({@code --routes-from-kubernetes}, {@code --status-to-kubernetes}): one API
 * connection from the pod's ServiceAccount, the watched routes ConfigMap and the written status ConfigMap. Closed with
 * the proxy: the pending status is flushed first (a drain's "draining" reaches the ConfigMap), then the watch ends.
 */
final class KubernetesMode implements AutoCloseable {
    private final KubernetesApi api;
    final ConfigMapRoutes routes;
    final ConfigMapStatus status;

    private KubernetesMode(KubernetesApi api, ConfigMapRoutes routes, ConfigMapStatus status) {
        this.api = api;
        this.routes = routes;
        this.status = status;
    }

    /** Connects with the in-cluster credentials; {@code caPem} is published beside every status. */
    static KubernetesMode open(ProxyOptions.KubernetesConfigMaps configMaps, String caPem) throws IOException {
        KubernetesApi api = new KubernetesApi(InClusterConfig.load(System.getenv()));
        return new KubernetesMode(api, new ConfigMapRoutes(api, configMaps.routes()),
                new ConfigMapStatus(api, configMaps.status(), caPem));
    }

    @Override
    public void close() {
        status.close();
        routes.close();
        api.close();
    }
}
